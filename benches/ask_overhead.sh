#!/usr/bin/env bash
# How much `routeplay ask --route anthropic` adds to the request itself: its median wall time
# against `curl -sN` fetching the same stream from the same loopback emulator, interleaved so
# both see the same machine load. Target: routeplay's median at most 1.1x curl's.
#
#   bash benches/ask_overhead.sh [RUNS]      (default 40 of each)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-40}
port=${ROUTEPLAY_BENCH_PORT:-18771}

cargo build --release --quiet
bin=target/release/routeplay
home=$(mktemp -d)
export HOME=$home ROUTEPLAY_CONFIG_DIR=$home/config ROUTEPLAY_DATA_DIR=$home/data

"$bin" emulator --port "$port" --tokens-per-second 0 2>/dev/null &
emulator=$!
trap 'kill $emulator 2>/dev/null; rm -rf "$home"' EXIT
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/v1/models" -H 'x-api-key: routeplay-emulator' \
  -H 'anthropic-version: 2023-06-01' >/dev/null && break; sleep 0.1; done

prompt="Summarise what a route is"
body=$(printf '{"model":"emulator-sonnet","max_tokens":1024,"messages":[{"role":"user","content":"%s"}],"stream":true}' "$prompt")
now() { date +%s%N; }
curl_ns=() ask_ns=()
for _ in $(seq "$runs"); do
  t0=$(now)
  curl -sN "http://127.0.0.1:$port/v1/messages" -H 'x-api-key: routeplay-emulator' \
    -H 'anthropic-version: 2023-06-01' -H 'content-type: application/json' -d "$body" >/dev/null
  t1=$(now)
  ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=routeplay-emulator \
    "$bin" ask --route anthropic --model emulator-sonnet "$prompt" >/dev/null
  t2=$(now)
  curl_ns+=($((t1 - t0))) ask_ns+=($((t2 - t1)))
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
curl_median=$(median "${curl_ns[@]}")
ask_median=$(median "${ask_ns[@]}")
awk -v c="$curl_median" -v a="$ask_median" -v n="$runs" 'BEGIN {
  printf "runs each:            %d\n", n
  printf "curl -sN median:      %.2f ms\n", c / 1e6
  printf "routeplay ask median: %.2f ms\n", a / 1e6
  printf "ratio:                %.2fx (target <= 1.10x)\n", a / c
  exit (a / c <= 1.1) ? 0 : 1
}'
