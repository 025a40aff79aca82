#!/usr/bin/env bash
# CPU cost of `routeplay compare` with 8 emulator targets streaming at 300 tokens/s each
# (2,400 tokens/s in all), measured with /usr/bin/time -v. Two runs:
#
#   1. in-process: `--target emulator:…` x8; the built-in emulator runs inside the measured
#      process, so its CPU (making and pacing 2,400 SSE events/s) is counted too;
#   2. client only: `--target anthropic:emulator-sonnet` x8 against a separate
#      `routeplay emulator`, so only the compare side (HTTP, decoding, progress) is measured.
#
#   bash benches/compare_cpu.sh [ANSWER_TOKENS]      (default 3000 tokens per answer: ~10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
tokens=${1:-3000}
port=${ROUTEPLAY_BENCH_PORT:-18772}
pace=300

cargo build --release --quiet
bin=$PWD/target/release/routeplay
home=$(mktemp -d)
export HOME=$home ROUTEPLAY_CONFIG_DIR=$home/config ROUTEPLAY_DATA_DIR=$home/data
mkdir -p "$home/config"
printf '[emulator]\nanswer_tokens = %d\n' "$tokens" >"$home/config/config.toml"

emulator=
cleanup() { [ -n "$emulator" ] && kill "$emulator" 2>/dev/null; rm -rf "$home"; }
trap cleanup EXIT

models=(emulator-sonnet emulator-thinking emulator-tools emulator-sonnet emulator-thinking emulator-sonnet
  emulator-tools emulator-sonnet)
prompt="Summarise what a route is"

# measure LABEL ARGS…: run routeplay under /usr/bin/time -v and print its CPU and wall time.
measure() {
  local label=$1 report=$home/time.txt
  shift
  /usr/bin/time -v -o "$report" "$bin" compare "$@" --max-tokens $((tokens * 2)) "$prompt" >"$home/out.md" 2>"$home/err.txt" || {
    cat "$home/err.txt" >&2
    exit 1
  }
  local output
  output=$(awk -F'|' '/^\| `/ {gsub(/ /, "", $9); sum += $9} END {print sum}' "$home/out.md")
  awk -F': ' -v label="$label" -v out="$output" '
    /User time/ {user = $2} /System time/ {sys = $2} /Elapsed \(wall clock\)/ {wall = $2}
    /Maximum resident/ {rss = $2}
    END {
      n = split(wall, parts, ":"); secs = 0; for (i = 1; i <= n; i++) secs = secs * 60 + parts[i]
      printf "%-12s user %.2f s + sys %.2f s = %.2f s CPU, wall %.2f s (%.1f%% of one core), max RSS %d MB, %d output tokens\n",
        label, user, sys, user + sys, secs, 100 * (user + sys) / secs, rss / 1024, out
    }' "$report"
}

targets=()
for model in "${models[@]}"; do targets+=(--target "emulator:$model"); done
measure in-process "${targets[@]}" --tokens-per-second "$pace"

"$bin" emulator --port "$port" --tokens-per-second "$pace" 2>/dev/null &
emulator=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/v1/models" -H 'x-api-key: routeplay-emulator' \
  -H 'anthropic-version: 2023-06-01' >/dev/null && break; sleep 0.1; done
targets=()
for model in "${models[@]}"; do targets+=(--target "anthropic:$model"); done
ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=routeplay-emulator \
  measure client-only "${targets[@]}"
