#!/usr/bin/env bash
# What each streamed event costs `routeplay ask` (history on, as a user runs it) against
# `curl -sN` reading the same loopback stream, in interleaved pairs so both see the same load;
# and the peak memory of an 8-target `routeplay compare`. Prints each figure, its ratio to curl
# measured in this run, and the goal:
#
#   1. 50,000 text deltas unpaced (5 MB of text): wall <= 4x curl, peak RSS <= 40 MiB;
#   2. 3,000 events paced at 1,000/s: CPU <= 1.5x curl, < 1.2 context switches per event;
#   3. 8 emulator targets at 1,000 tok/s (2,000 tokens each), CLI: peak RSS <= 64 MiB.
#
#   bash benches/stream_cost.sh [PAIRS]      (default 5 pairs per workload)
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-5}
port=${ROUTEPLAY_BENCH_PORT:-18773}

cargo build --release --quiet
bin=$PWD/target/release/routeplay
home=$(mktemp -d)
export HOME=$home ROUTEPLAY_CONFIG_DIR=$home/config ROUTEPLAY_DATA_DIR=$home/data
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$home"; }
trap cleanup EXIT

# serve DELTAS PACE: (re)start the loopback stream server and wait until it answers.
serve() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  python3 benches/support/stream_server.py "$port" "$1" "$2" &
  server=$!
  for _ in $(seq 100); do curl -s -o /dev/null -X POST "http://127.0.0.1:$port/" && return; sleep 0.05; done
}

# timed FILE CMD…: run CMD, appending "wall_ns user_s sys_s maxrss_kib voluntary_switches
# involuntary_switches" to FILE.
timed() {
  local file=$1
  shift
  python3 benches/support/measure.py "$@" >>"$file"
}

body='{"model":"claude-sonnet-4-5","max_tokens":64000,"messages":[{"role":"user","content":"Write"}],"stream":true}'

# pairs_of NAME: interleaved curl and ask runs into $home/NAME.curl and $home/NAME.ask.
pairs_of() {
  for _ in $(seq "$pairs"); do
    timed "$home/$1.curl" curl -sN "http://127.0.0.1:$port/v1/messages" -H 'x-api-key: bench' \
      -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' -d "$body"
    timed "$home/$1.ask" env ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=bench \
      "$bin" ask --route anthropic --model claude-sonnet-4-5 --max-tokens 64000 "Write"
  done
}

# median FILE EXPR: the median of an awk expression over FILE's lines.
median() {
  awk "{print $2}" "$1" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); $pairs pairs each"

serve 50000 0
pairs_of unpaced
awk -v c="$(median "$home/unpaced.curl" '$1 / 1e9')" -v a="$(median "$home/unpaced.ask" '$1 / 1e9')" \
  -v cm="$(median "$home/unpaced.curl" '$4')" -v am="$(median "$home/unpaced.ask" '$4')" 'BEGIN {
  printf "50,000 deltas unpaced   wall: ask %.3f s, curl %.3f s, ratio %.1fx (goal <= 4x)\n", a, c, a / c
  printf "                        peak RSS: ask %.1f MiB, curl %.1f MiB (goal <= 40 MiB)\n", am / 1024, cm / 1024
}'

events=3000
serve "$events" 1000
pairs_of paced
awk -v c="$(median "$home/paced.curl" '$2 + $3')" -v a="$(median "$home/paced.ask" '$2 + $3')" \
  -v cs="$(median "$home/paced.curl" '$5 + $6')" -v as="$(median "$home/paced.ask" '$5 + $6')" -v n="$events" 'BEGIN {
  printf "3,000 events at 1,000/s  CPU: ask %.3f s, curl %.3f s, ratio %.2fx (goal <= 1.5x)\n", a, c, a / c
  printf "                        context switches per event: ask %.2f, curl %.2f (goal < 1.2)\n", as / n, cs / n
}'

kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
server=
targets=()
for model in emulator-sonnet emulator-thinking emulator-tools emulator-sonnet emulator-thinking emulator-sonnet \
  emulator-tools emulator-sonnet; do targets+=(--target "emulator:$model"); done
mkdir -p "$home/config"
printf '[emulator]\nanswer_tokens = 2000\n' >"$home/config/config.toml"
for _ in $(seq "$pairs"); do
  timed "$home/compare" "$bin" compare "${targets[@]}" --tokens-per-second 1000 --max-tokens 4000 "Summarise"
done
awk -v m="$(median "$home/compare" '$4')" -v w="$(median "$home/compare" '$1 / 1e9')" 'BEGIN {
  printf "8-target compare, 1,000 tok/s  peak RSS %.1f MiB over %.1f s (goal <= 64 MiB)\n", m / 1024, w
}'
