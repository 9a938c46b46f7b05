#!/usr/bin/env bash
# A/B of the scan hot path between two node jars (e.g. before/after a change): each jar in turn
# runs one dev-mode node, 50 codes, ROUNDS rounds of wrk (SECONDS each, random codes); prints
# req/s and server CPU per request (java + postgres) per round. Loopback only.
# Usage: bench/hotpath-ab.sh JAR_A JAR_B [SECONDS] [ROUNDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
A=$1; B=$2; SECS=${3:-8}; ROUNDS=${4:-2}
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
run() { # jar label
  local work http pid; work=$(mktemp -d); http=$(free_port)
  QRFLOW_DATA_DIR=$work/data QRFLOW_HTTP_PORT=$http QRFLOW_HTTP_HOST=127.0.0.1 QRFLOW_REMOTE_PORT=$(free_port) \
    QRFLOW_MANAGEMENT_PORT=$(free_port) java -jar "$1" >"$work/node.log" 2>&1 & pid=$!
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$http/health/ready" && break; sleep 0.3; done
  python3 "$ROOT/bench/seed-cluster.py" "http://127.0.0.1:$http" 50 "$work" >/dev/null
  cat > "$work/r.lua" <<LUA
local codes = {}
for line in io.lines("$work/codes") do if #line > 0 then codes[#codes+1] = line end end
request = function() return wrk.format("GET", "/r/" .. codes[math.random(#codes)]) end
LUA
  wrk -t1 -c32 -d3s -s "$work/r.lua" "http://127.0.0.1:$http" >/dev/null # warm-up
  for r in $(seq 1 "$ROUNDS"); do
    local pids t0 t1 rate; pids="$pid $(pgrep -d' ' -f "$work/data/postgres" || true)"
    t0=$(for p in $pids; do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc)
    wrk -t1 -c64 -d"${SECS}s" -s "$work/r.lua" "http://127.0.0.1:$http" > "$work/wrk.txt"
    t1=$(for p in $pids; do awk '{print $14 + $15}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc)
    rate=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$work/wrk.txt")
    echo "| $2 | $r | $rate | $(python3 -c "print(round(($t1 - $t0) * 10000 / max(1, $rate * $SECS)))") µs | $(cut -d' ' -f1 /proc/loadavg) |"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$work"
}
echo "| jar | round | req/s | server CPU / request | load avg |"
echo "|---|---|---|---|---|"
run "$A" A; run "$B" B
