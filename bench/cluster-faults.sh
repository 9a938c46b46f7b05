#!/usr/bin/env bash
# Fault tests on a local 3-node cluster (bin/cluster-3.sh) under steady scan load, loopback only,
# bounded in time (~4 min on 2 cores). Prints a table; exits non-zero if a guarantee is broken:
#   kill -9 one node     redirects continue (error rate < 0.1 % again within 15 s), shards move,
#                        acknowledged creates/updates all kept, scans lost ≤ the node's unflushed batch
#   SIGTERM one node     zero scans lost
#   restart PostgreSQL   every acknowledged write kept, scans catch up
#   restart Kafka        every scan in the journal reaches qr.scanned
# Usage: bench/cluster-faults.sh [SECONDS_PER_SCENARIO] [CODES] [RATE]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); cd "$ROOT"
SECONDS_PER=${1:-25}; CODES=${2:-50}; RATE=${3:-1500}
export HTTP_BASE=${HTTP_BASE:-13100} MGMT_BASE=${MGMT_BASE:-13200} REMOTE_BASE=${REMOTE_BASE:-13300}
export PG_PORT=${PG_PORT:-13429} KAFKA_PORT=${KAFKA_PORT:-13492}
# One client address sends all scans: the per-client scan limit would answer 429 (not a fault).
export QRFLOW_LIMIT_SCANS=${QRFLOW_LIMIT_SCANS:-1000000000}
export QRFLOW_CLUSTER_DIR=${QRFLOW_CLUSTER_DIR:-$(mktemp -d /tmp/qrflow-faults.XXXX)}
W=$QRFLOW_CLUSTER_DIR/work; mkdir -p "$W"
C=bin/cluster-3.sh
trap '$C stop >/dev/null 2>&1 || true' EXIT

$C start 3
python3 bench/seed-cluster.py "http://127.0.0.1:$((HTTP_BASE + 1))" "$CODES" "$W" >/dev/null
PORTS="$((HTTP_BASE + 1)),$((HTTP_BASE + 2)),$((HTTP_BASE + 3))"
total_scans() { # port: sum of totalScans over the seeded codes (retrying what a busy node answers 503)
  python3 - "$1" "$W/token" "$W/codes" <<'PY'
import http.client, json, sys, time
port, token, codes = int(sys.argv[1]), open(sys.argv[2]).read().strip(), [c.strip() for c in open(sys.argv[3]) if c.strip()]
t = 0
for c in codes:
    for attempt in range(60):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
            conn.request("GET", "/api/v1/qr/%s/stats" % c, headers={"Authorization": "Bearer " + token})
            r = conn.getresponse(); body = r.read()
            if r.status == 200:
                t += json.loads(body)["totalScans"]; break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        sys.exit("no stats for " + c)
print(t)
PY
}
local_shards() { # node index -> QrCode shards hosted by that node (its management reports its own)
  curl -s --max-time 5 "http://127.0.0.1:$((MGMT_BASE + $1))/cluster/shards/QrCode" \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["regions"]))' 2>/dev/null || echo 0
}
shards_of() { for i in 1 2 3; do printf 'node%s:%s ' "$i" "$(local_shards "$i")"; done; }
share_of() { # node index -> fraction of all QrCode shards it holds
  local mine all=0; mine=$(local_shards "$1")
  for i in 1 2 3; do all=$((all + $(local_shards "$i"))); done
  python3 -c "print($mine / max(1, $all))"
}
# Warm-up: every code's entity and route cache entry on every edge.
python3 bench/scan-load.py --ports "$PORTS" --codes "$W/codes" --token "$W/token" --seconds 5 \
  --rate 500 --writes 0 --out "$W/warm.json" >/dev/null

ROWS=()
run() { # name port-for-report action...
  local name=$1 report_port=$2; shift 2
  # Counts settle after the previous scenario (resends, shards still moving): wait until stable.
  local before previous=-1; before=$(total_scans "$report_port")
  while [[ "$before" != "$previous" ]]; do previous=$before; sleep 3; before=$(total_scans "$report_port"); done
  python3 bench/scan-load.py --ports "$PORTS" --codes "$W/codes" --token "$W/token" \
    --seconds "$SECONDS_PER" --rate "$RATE" --out "$W/$name.json" > "$W/$name.load" &
  local load=$!
  sleep 8
  local event; event=$(date +%s.%N)
  "$@"
  wait $load
  ROWS+=("$(python3 bench/fault-report.py "$name" "$W/$name.json" "$event" "$before" "$report_port" \
    "$W/token" "$W/codes" "${SHARE:-0}")")
  echo "${ROWS[-1]}"
  SHARE=0
}

echo "QrCode shards before: $(shards_of)"
SHARE=$(share_of 3)
run kill-9-node-3 $((HTTP_BASE + 1)) $C node-kill 3
echo "QrCode shards 20 s after kill -9 of node 3: $(shards_of)"
$C node-start 3

run sigterm-node-2 $((HTTP_BASE + 1)) $C node-stop 2
echo "QrCode shards after SIGTERM of node 2: $(shards_of)"
$C node-start 2

run restart-postgres $((HTTP_BASE + 1)) $C infra-restart postgres
run restart-kafka $((HTTP_BASE + 1)) $C infra-restart kafka

# Every counted scan reaches qr.scanned (publisher caught up after Kafka); only the seeded codes
# are scanned. (Counted from the codes: large journal events are gzip-compressed, not SQL-readable.)
entities=$(total_scans $((HTTP_BASE + 1)))
published="?"
for _ in $(seq 1 60); do
  published=$(kcat -C -b "127.0.0.1:$KAFKA_PORT" -t qr.scanned -e -q -f '%o\n' 2>/dev/null | wc -l)
  [[ "$published" == "$entities" ]] && break; sleep 1
done

# The analytics service (fed from qr.scanned through every fault) counts what the codes count.
analytics="?"
for _ in $(seq 1 90); do
  analytics=$(python3 bench/analytics-total.py $((HTTP_BASE + 1)) "$W/token" 2>/dev/null || echo "?")
  [[ "$analytics" == "$entities" ]] && break; sleep 1
done

echo
echo "| scenario | scans served | counted | lost | unflushed bound | errors | back < 0.1 % after | acked updates kept | acked creates kept |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "scans counted by the QR codes: $entities; qr.scanned messages: $published; counted by the analytics service: $analytics"
