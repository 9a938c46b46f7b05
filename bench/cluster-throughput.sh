#!/usr/bin/env bash
# Scan throughput of a local cluster of 1, 2 and 3 nodes (bin/cluster-3.sh, shared PostgreSQL and
# Kafka) with the same load generator: wrk, CONNS connections in all, split evenly over the nodes'
# HTTP ports (as a load balancer would), random codes. Then the cross-node hop: on 2 nodes, wrk on
# node 1 only, once with codes whose entities live on node 1 (local) and once with codes on node 2
# (every scan batch crosses to the other node), comparing req/s and CPU per request of both JVMs.
# Loopback only. Usage: bench/cluster-throughput.sh [SECONDS] [CODES] [CONNS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); cd "$ROOT"
SECS=${1:-10}; NCODES=${2:-200}; CONNS=${3:-64}
export HTTP_BASE=${HTTP_BASE:-13100} MGMT_BASE=${MGMT_BASE:-13200} REMOTE_BASE=${REMOTE_BASE:-13300}
export PG_PORT=${PG_PORT:-13429} KAFKA_PORT=${KAFKA_PORT:-13492}
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq wrk >/dev/null; }
C=bin/cluster-3.sh
cleanup() { $C stop >/dev/null 2>&1 || true; }
trap cleanup EXIT

lua() { # codes file -> wrk script
  cat <<LUA
local codes = {}
for line in io.lines("$1") do if #line > 0 then codes[#codes+1] = line end end
math.randomseed(os.time())
request = function() return wrk.format("GET", "/r/" .. codes[math.random(#codes)]) end
LUA
}
cpu_ticks() { # pids -> utime+stime of all
  local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"
}
node_pids() { for i in $(seq 1 "$1"); do cat "$QRFLOW_CLUSTER_DIR/node-$i.pid"; done; }
java_hash_shard() { # code -> shard id (Pekko's default: abs(hashCode % 100))
  python3 -c '
import sys
h = 0
for ch in sys.argv[1]: h = (31 * h + ord(ch)) & 0xFFFFFFFF
h = h - (1 << 32) if h >= (1 << 31) else h
r = abs(int(h - 100 * int(h / 100)))
print(r)' "$1"
}

RESULTS=(); HOP=()
for N in 1 2 3; do
  export QRFLOW_CLUSTER_DIR; QRFLOW_CLUSTER_DIR=$(mktemp -d /tmp/qrflow-throughput.XXXX)
  W=$QRFLOW_CLUSTER_DIR/work; mkdir -p "$W"
  QRFLOW_REQUIRED_CONTACT_POINTS=$N $C start "$N" >/dev/null
  python3 bench/seed-cluster.py "http://127.0.0.1:$((HTTP_BASE + 1))" "$NCODES" "$W" >/dev/null
  lua "$W/codes" > "$W/random.lua"
  PORTS=$(seq -s, $((HTTP_BASE + 1)) $((HTTP_BASE + N)))
  python3 bench/scan-load.py --ports "$PORTS" --codes "$W/codes" --token "$W/token" --seconds 5 \
    --rate 1000 --writes 0 --out "$W/warm.json" >/dev/null
  PIDS=$(node_pids "$N"); T0=$(cpu_ticks $PIDS)
  for i in $(seq 1 "$N"); do
    wrk -t1 -c$((CONNS / N)) -d"${SECS}s" -s "$W/random.lua" "http://127.0.0.1:$((HTTP_BASE + i))" > "$W/wrk-$i.txt" &
  done
  wait
  T1=$(cpu_ticks $PIDS)
  RATE=$(cat "$W"/wrk-*.txt | awk '/Requests\/sec/{s += $2} END {printf "%.0f", s}')
  NON3XX=$(cat "$W"/wrk-*.txt | awk '/Non-2xx or 3xx/{s += $NF} END {print s + 0}')
  CPU_US=$(python3 -c "print(round(($T1 - $T0) * 10000 / max(1, $RATE * $SECS)))")
  RESULTS+=("| $N | $RATE | $CPU_US µs | $NON3XX | $(cut -d' ' -f1-3 /proc/loadavg) |")

  if [[ $N == 2 ]]; then # the cross-node hop
    local_shards=$(curl -s "http://127.0.0.1:$((MGMT_BASE + 1))/cluster/shards/QrCode" \
      | python3 -c 'import json,sys; print(" ".join(r["shardId"] for r in json.load(sys.stdin)["regions"]))')
    : > "$W/local"; : > "$W/remote"
    while read -r code; do
      if [[ " $local_shards " == *" $(java_hash_shard "$code") "* ]]; then echo "$code" >> "$W/local"; else echo "$code" >> "$W/remote"; fi
    done < "$W/codes"
    for kind in local remote; do
      lua "$W/$kind" > "$W/$kind.lua"
      T0=$(cpu_ticks $PIDS)
      wrk -t1 -c"$CONNS" -d"${SECS}s" -s "$W/$kind.lua" "http://127.0.0.1:$((HTTP_BASE + 1))" > "$W/wrk-$kind.txt"
      T1=$(cpu_ticks $PIDS)
      R=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$W/wrk-$kind.txt")
      HOP+=("| $kind ($(wc -l < "$W/$kind") codes) | $R | $(python3 -c "print(round(($T1 - $T0) * 10000 / max(1, $R * $SECS)))") µs |")
    done
  fi
  $C stop >/dev/null
done
echo "| nodes | scans/s (sum) | server CPU / scan (all nodes) | non-3xx | load avg during |"
echo "|---|---|---|---|---|"
printf '%s\n' "${RESULTS[@]}"
echo
echo "| 2 nodes, wrk on node 1 only | scans/s | server CPU / scan (both nodes) |"
echo "|---|---|---|"
printf '%s\n' "${HOP[@]}"
