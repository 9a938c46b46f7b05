#!/usr/bin/env bash
# Scan benchmark for GET /r/{code} on one dev-mode node (embedded PostgreSQL), loopback only.
#  1. throughput and p99 against nginx `return 302` in one run (../shared/bench/redirect-vs-nginx.sh)
#  2. p99 at half of qrflow's own peak rate (wrk with a per-connection pacing delay)
#  3. every scan counted: N scans by a client that counts its 302s, then the sum of the codes'
#     totals must have grown by exactly N
#  4. scans per journal write
#  5. server CPU per scan (node JVM + its PostgreSQL), during a full-speed run and afterwards while
#     the publishers and consumer services catch up: work that outlives a round competes with the
#     next round, nginx's included
# Usage: [WARMUP=60] [QRFLOW_ROLES=edge,entity] [SCAN_LISTENER=on] bench/scan-redirect.sh [SECONDS] [CODES] [CONNECTIONS]
#   QRFLOW_ROLES=edge,entity: the node without the event pipeline (no Kafka publishing, no
#   consumer services), i.e. what an edge + entity node costs per scan
#   SCAN_LISTENER=on: scans go to the node's Netty scan listener (qrflow.scan.listener) instead of
#   the main pekko-http port; the API calls stay on the main port
set -euo pipefail
SECS=${1:-10}; NCODES=${2:-200}; CONNS=${3:-64}
ROOT=$(cd "$(dirname "$0")/.." && pwd); SHARED=${SHARED:-$ROOT/../shared}
JAR=$ROOT/cluster-node/target/qrflow-node.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq wrk >/dev/null; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
WORK=$(mktemp -d); HTTP=$(free_port); SCAN_PORT=$(free_port); PG=$(free_port); NODE_PID=
cleanup() { [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
BASE=http://127.0.0.1:$HTTP
# Where scans go: the main port, or the scan listener with SCAN_LISTENER=on.
[ "${SCAN_LISTENER:-off}" = on ] && SCANS=http://127.0.0.1:$SCAN_PORT || SCANS=$BASE
# One client address sends everything: the scan limit stays on (its Redis call is part of what is
# measured) but high enough never to refuse; the seeding client makes many API calls.
QRFLOW_LIMIT_SCANS=${QRFLOW_LIMIT_SCANS:-1000000000} QRFLOW_LIMIT_API=${QRFLOW_LIMIT_API:-0} \
QRFLOW_SCAN_LISTENER=${SCAN_LISTENER:-off} QRFLOW_SCAN_PORT=$SCAN_PORT \
QRFLOW_DATA_DIR=$WORK/data QRFLOW_DEV_POSTGRES_PORT=$PG QRFLOW_HTTP_PORT=$HTTP QRFLOW_REMOTE_PORT=$(free_port) QRFLOW_MANAGEMENT_PORT=$(free_port) QRFLOW_PUBLIC_URL=$BASE \
  java ${JAVA_OPTS:-} -jar "$JAR" >"$WORK/node.log" 2>&1 & NODE_PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$SCANS/health/ready" || { echo "node did not start"; tail -50 "$WORK/node.log"; exit 1; }
echo "scans go to $SCANS/r/{code}"

"$ROOT/bench/seed-codes.sh" "$BASE" "$NCODES" "$WORK" >/dev/null
TOKEN=$(cat "$WORK/token")
total_scans() { # sum of totalScans over all seeded codes
  local sum=0 n
  while read -r code; do
    n=$(curl -sf "$BASE/api/v1/qr/$code/stats" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys;print(json.load(sys.stdin)["totalScans"])')
    sum=$((sum + n))
  done < "$WORK/codes"
  echo "$sum"
}
settled_total() { # totals reach the entities within the edge buffer interval; wait until stable
  local a b; a=$(total_scans); sleep 1; b=$(total_scans)
  while [ "$a" != "$b" ]; do a=$b; sleep 1; b=$(total_scans); done; echo "$b"
}
# A JVM server is measured warm: the JIT keeps compiling for a minute or more under this load
# (the shared script's own 10 s warm-up round is not enough), and the event pipeline behind the
# scans catches up before round 1.
cat > "$WORK/warm.lua" <<LUA
local codes = {}
for line in io.lines("$WORK/codes") do if #line > 0 then codes[#codes+1] = line end end
request = function() return wrk.format("GET", "/r/" .. codes[math.random(#codes)]) end
LUA
echo "== 0. warm-up: ${WARMUP:-60}s of scans, then a pause for the pipeline to catch up"
wrk -t1 -c"$CONNS" -d"${WARMUP:-60}s" -s "$WORK/warm.lua" "$SCANS" | awk '/Requests\/sec/{print "warm-up: " $2 " req/s"}'
sleep 20

echo "== 1. qrflow vs nginx: $NCODES codes, $CONNS connections, ${SECS}s rounds"
bash "$SHARED/bench/redirect-vs-nginx.sh" "$SCANS/r/{code}" "$WORK/codes" "$SECS" "$CONNS" | tee "$WORK/vs.txt"
PEAK=$(awk '/^median:/{print $9}' "$WORK/vs.txt")

echo "== 2. latency at half of qrflow's peak ($PEAK req/s)"
TARGET=$(python3 -c "print(int(float('$PEAK')/2))")
# Each connection waits DELAY_MS after a response before its next request; allow ~1 ms of
# response time per request when sizing the connection count, then report what was achieved.
DELAY_MS=2; PACED_CONNS=$(python3 -c "print(max(1, round($TARGET * ($DELAY_MS + 1) / 1000)))")
cat > "$WORK/paced.lua" <<LUA
local codes = {}
for line in io.lines("$WORK/codes") do if #line > 0 then codes[#codes+1] = line end end
math.randomseed(os.time())
request = function() return wrk.format("GET", "/r/" .. codes[math.random(#codes)]) end
delay = function() return $DELAY_MS end
LUA
wrk -t1 -c"$PACED_CONNS" -d"${SECS}s" --latency -s "$WORK/paced.lua" "$SCANS" > "$WORK/paced.txt"
RATE=$(awk '/Requests\/sec/{print $2}' "$WORK/paced.txt")
P50=$(awk '$1=="50%"{print $2}' "$WORK/paced.txt"); P99=$(awk '$1=="99%"{print $2}' "$WORK/paced.txt")
echo "target ${TARGET} req/s with $PACED_CONNS connections pacing ${DELAY_MS} ms: achieved $RATE req/s, p50 $P50, p99 $P99"

echo "== 3. every scan counted"
BEFORE=$(settled_total)
SERVED=$(python3 - "$SCANS" "$WORK/codes" <<'PY'
import http.client, random, sys, threading, urllib.parse
base, codes = sys.argv[1], [c for c in open(sys.argv[2]).read().split() if c]
host = urllib.parse.urlparse(base); counts = []
def worker(n):
    conn = http.client.HTTPConnection(host.hostname, host.port); ok = 0
    for _ in range(n):
        conn.request("GET", "/r/" + random.choice(codes)); r = conn.getresponse(); r.read()
        ok += r.status == 302
    counts.append(ok)
threads = [threading.Thread(target=worker, args=(2500,)) for _ in range(8)]
[t.start() for t in threads]; [t.join() for t in threads]
print(sum(counts))
PY
)
AFTER=$(settled_total)
echo "302s received by the client: $SERVED; growth of the codes' totals: $((AFTER - BEFORE))"
[ "$((AFTER - BEFORE))" = "$SERVED" ] && echo "count check: OK" || { echo "count check: MISMATCH"; exit 1; }
echo "== 4. journal writes: scans per ScansRecorded event (all scans of this run)"
if command -v psql >/dev/null; then
  EVENTS=$(psql -h 127.0.0.1 -p "$PG" -U postgres -At -c \
    "SELECT count(*) FROM journal.event_journal WHERE event_ser_manifest LIKE '%ScansRecorded'")
  python3 -c "print('ScansRecorded events: $EVENTS, scans: $AFTER, scans per event: %.1f' % ($AFTER / max(1, $EVENTS)))"
else
  echo "(psql not installed: skipped)"
fi

echo "== 5. server CPU per scan (JVM + PostgreSQL): during ${SECS}s at full speed, then until idle"
descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
cpu_ticks() { # utime+stime of the node and of its PostgreSQL server (postmaster and backends)
  local t=0 p pm; pm=$(pgrep -f "postgres.*-p $PG" | head -1)
  for p in $NODE_PID $(descendants "$NODE_PID") ${pm:+$pm $(descendants "$pm")}; do
    [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat)))
  done; echo $t; }
HZ=$(getconf CLK_TCK)
sleep 5; I0=$(cpu_ticks); sleep 10; I1=$(cpu_ticks); IDLE=$(( (I1 - I0) / 10 )) # ticks/s with no load
A=$(cpu_ticks)
wrk -t1 -c"$CONNS" -d"${SECS}s" -s "$WORK/warm.lua" "$SCANS" > "$WORK/cpu.txt"
B=$(cpu_ticks); N=$(awk '/requests in/{print $1}' "$WORK/cpu.txt"); PREV=$B; WAITED=0
while [ $WAITED -lt 120 ]; do sleep 1; WAITED=$((WAITED + 1)); NOW=$(cpu_ticks) # until back to idle
  [ $((NOW - PREV)) -le $((IDLE + HZ / 10)) ] && break; PREV=$NOW; done
python3 - "$N" "$(awk '/Requests\/sec/{print $2}' "$WORK/cpu.txt")" "$A" "$B" "$NOW" "$WAITED" "$IDLE" "$HZ" <<'PY'
import sys
n, rps, a, b, now, waited, idle, hz = int(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:])
us = lambda ticks: ticks * 1e6 / hz / n
print(f"idle node: {idle * 100 / hz:.0f} % of a core")
print(f"{n} scans at {rps} req/s: {us(b - a):.1f} us CPU per scan during the run;"
      f" {us(max(0, now - b - idle * waited)):.1f} us more above idle in the {waited} s after it")
PY
