#!/usr/bin/env bash
# Pipeline benchmark on one dev-mode node (embedded PostgreSQL + KRaft broker), loopback only:
#  1. scans at the redirect path's peak (wrk, SECONDS), then time until every served scan is a
#     qr.scanned message: publisher throughput and drain time
#  2. freshness scan -> Kafka: Kafka record timestamp minus scannedAt, p50/p95/max
#  3. scans per journal write
#  4. consumer freshness qr.created -> routing_db.routes (processed_at minus the event time)
# Usage: bench/pipeline.sh [SECONDS] [CODES]
set -euo pipefail
SECS=${1:-20}; NCODES=${2:-200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/cluster-node/target/qrflow-node.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk; need kcat kcat; need psql postgresql-client
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
WORK=$(mktemp -d); HTTP=$(free_port); PG=$(free_port); KAFKA=$(free_port); NODE_PID=
cleanup() { [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
BASE=http://127.0.0.1:$HTTP
QRFLOW_LIMIT_SCANS=${QRFLOW_LIMIT_SCANS:-1000000000} QRFLOW_LIMIT_API=${QRFLOW_LIMIT_API:-0} \
QRFLOW_DATA_DIR=$WORK/data QRFLOW_DEV_POSTGRES_PORT=$PG QRFLOW_DEV_KAFKA_PORT=$KAFKA QRFLOW_HTTP_PORT=$HTTP \
  QRFLOW_REMOTE_PORT=$(free_port) QRFLOW_MANAGEMENT_PORT=$(free_port) QRFLOW_PUBLIC_URL=$BASE java ${JAVA_OPTS:-} -jar "$JAR" >"$WORK/node.log" 2>&1 & NODE_PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health/ready" && break; sleep 0.5; done
"$ROOT/bench/seed-codes.sh" "$BASE" "$NCODES" "$WORK" >/dev/null
sql() { psql -h 127.0.0.1 -p "$PG" -U postgres -At -c "$1"; }
on_kafka() { kcat -C -b "127.0.0.1:$KAFKA" -t qr.scanned -e -q -f '.\n' 2>/dev/null | wc -l; }
cat > "$WORK/scan.lua" <<LUA
local codes = {}
for line in io.lines("$WORK/codes") do if #line > 0 then codes[#codes+1] = line end end
math.randomseed(os.time())
request = function() return wrk.format("GET", "/r/" .. codes[math.random(#codes)]) end
LUA

echo "== 1. $SECS s of scans at full speed over $NCODES codes"
START=$(date +%s.%N)
wrk -t1 -c64 -d"${SECS}s" -s "$WORK/scan.lua" "$BASE" > "$WORK/wrk.txt"
LOAD_END=$(date +%s.%N)
SERVED=$(awk '/requests in/{print $1}' "$WORK/wrk.txt")
echo "wrk: $(grep -E 'Requests/sec' "$WORK/wrk.txt" | xargs), $SERVED responses received"
# Requests in flight when wrk stopped were still served and counted: wait for the totals to settle.
total() { sql "SELECT coalesce(sum(total_scans),0) FROM qr_service.qr_codes"; }
a=$(total); sleep 2; b=$(total); while [ "$a" != "$b" ]; do a=$b; sleep 2; b=$(total); done
echo "scans in the journal (read side): $b"
for _ in $(seq 1 120); do n=$(on_kafka); [ "$n" -ge "$b" ] && break; sleep 0.5; done
n=$(on_kafka)
echo "qr.scanned messages: $n (journal: $b) -> $([ "$n" = "$b" ] && echo 'all published' || echo MISMATCH)"

echo "== 2. freshness scan -> Kafka"
kcat -C -b "127.0.0.1:$KAFKA" -t qr.scanned -e -q -f '%T %s\n' > "$WORK/scanned.txt"
python3 - "$WORK/scanned.txt" "$START" "$LOAD_END" <<'PY'
import json, sys, datetime
lat = []; last = 0
for line in open(sys.argv[1]):
    ts, js = line.split(' ', 1); last = max(last, int(ts) / 1000)
    text = json.loads(js)['payload']['scannedAt'].rstrip('Z')
    whole, _, fraction = text.partition('.')
    at = datetime.datetime.fromisoformat(whole + '.' + (fraction + '000000')[:6] + '+00:00')
    lat.append(int(ts) / 1000 - at.timestamp())
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
print('scans %d: p50 %.3f s, p95 %.3f s, max %.3f s' % (len(lat), q(0.5), q(0.95), lat[-1]))
start, end = float(sys.argv[2]), float(sys.argv[3])
print('publisher: %.0f scans/s from the first scan to the last message; last message %.2f s after the load ended'
      % (len(lat) / (last - start), last - end))
PY

echo "== 3. journal writes"
EVENTS=$(sql "SELECT count(*) FROM journal.event_journal WHERE event_ser_manifest LIKE '%ScansRecorded'")
python3 -c "print('ScansRecorded events: $EVENTS, scans per event: %.1f' % ($b / max(1, $EVENTS)))"

echo "== 4. consumer freshness qr.created -> routing_db.routes"
sql "SELECT count(*), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::numeric, 3),
            round(percentile_cont(0.95) WITHIN GROUP (ORDER BY d)::numeric, 3)
     FROM (SELECT extract(epoch FROM p.processed_at - r.updated_at) AS d
           FROM routing_db.routes r JOIN routing_db.processed_events p
             ON p.consumer_group = 'routing' AND p.event_id = 'QrCode|' || r.code || ':1') x" |
  awk -F'|' '{print "codes " $1 ": p50 " $2 " s, p95 " $3 " s (created while idle, before the load)"}'
