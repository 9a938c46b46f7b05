#!/usr/bin/env bash
# Dashboard benchmark on one dev-mode node, loopback only:
#  1. API latency with a session cookie vs a bearer token (list and detail of the caller's codes)
#  2. live counter: STREAMS server-sent-event streams on one code; time from a scan's 302 to the
#     new total arriving on every stream
# Usage: bench/dashboard.sh [SECONDS] [CODES] [STREAMS]
set -euo pipefail
SECS=${1:-10}; NCODES=${2:-200}; STREAMS=${3:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/cluster-node/target/qrflow-node.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq wrk >/dev/null; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
WORK=$(mktemp -d); HTTP=$(free_port); NODE_PID=
cleanup() { [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
BASE=http://127.0.0.1:$HTTP
QRFLOW_DATA_DIR=$WORK/data QRFLOW_DEV_POSTGRES_PORT=$(free_port) QRFLOW_HTTP_PORT=$HTTP QRFLOW_REMOTE_PORT=$(free_port) QRFLOW_PUBLIC_URL=$BASE \
  java ${JAVA_OPTS:-} -jar "$JAR" >"$WORK/node.log" 2>&1 & NODE_PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$BASE/health/ready" || { echo "node did not start"; tail -50 "$WORK/node.log"; exit 1; }
"$ROOT/bench/seed-codes.sh" "$BASE" "$NCODES" "$WORK" >/dev/null
TOKEN=$(cat "$WORK/token"); CODE=$(head -1 "$WORK/codes")
COOKIE=$(curl -sf -D - -o /dev/null -X POST "$BASE/api/v1/auth/session" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$(cat "$WORK/email")\",\"password\":\"$(cat "$WORK/password")\"}" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \(qrflow_session=[^;]*\);.*/\1/p')

echo "== 1. API with a session cookie vs a bearer token ($NCODES codes, 16 connections, ${SECS}s each)"
for path in "/api/v1/qr?page=0&size=20" "/api/v1/qr/$CODE"; do
  for auth in "Authorization: Bearer $TOKEN" "Cookie: $COOKIE"; do
    wrk -t1 -c16 -d"${SECS}s" --latency -H "$auth" "$BASE$path" > "$WORK/wrk.txt"
    grep -q "Non-2xx" "$WORK/wrk.txt" && { echo "errors:"; cat "$WORK/wrk.txt"; exit 1; }
    printf '%-28s %-7s %8s req/s  p50 %-8s p99 %s\n' "GET ${path%%\?*}" "${auth%%:*}" \
      "$(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt")" \
      "$(awk '$1=="50%"{print $2}' "$WORK/wrk.txt")" "$(awk '$1=="99%"{print $2}' "$WORK/wrk.txt")"
  done
done

echo "== 2. live counter: $STREAMS streams on one code, 20 scans 500 ms apart"
python3 - "$BASE" "$CODE" "$TOKEN" "$STREAMS" <<'PY'
import http.client, json, sys, threading, time, urllib.parse
base, code, token, streams = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
host = urllib.parse.urlparse(base)
arrivals = []  # (totalScans, arrival time)
lock = threading.Lock(); ready = threading.Barrier(streams + 1)
def listen():
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    c.request("GET", f"/api/v1/qr/{code}/scans/live", headers={"Authorization": "Bearer " + token})
    r = c.getresponse(); assert r.status == 200, r.status
    first = True
    for raw in r:
        line = raw.decode().strip()
        if not line.startswith("data: "): continue
        total = json.loads(line[6:])["totalScans"]
        if first: first = False; ready.wait(); continue
        with lock: arrivals.append((total, time.monotonic()))
        if total >= 20: return
for _ in range(streams): threading.Thread(target=listen, daemon=True).start()
ready.wait()
sent = {}
scan = http.client.HTTPConnection(host.hostname, host.port)
for i in range(1, 21):
    scan.request("GET", f"/r/{code}"); resp = scan.getresponse(); resp.read(); assert resp.status == 302
    sent[i] = time.monotonic(); time.sleep(0.5)
time.sleep(2)
delays = sorted((t - sent[total]) * 1000 for total, t in arrivals if total in sent)
pct = lambda p: delays[min(len(delays) - 1, int(p * len(delays)))]
print(f"{len(delays)} of {streams * 20} updates arrived; scan 302 -> event on every stream:"
      f" p50 {pct(0.5):.0f} ms, p99 {pct(0.99):.0f} ms, max {delays[-1]:.0f} ms")
PY
