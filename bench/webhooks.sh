#!/usr/bin/env bash
# Webhook and insights benchmark on one dev-mode node (embedded PostgreSQL + KRaft broker),
# loopback only. A local receiver (python) verifies every signature and logs arrivals.
#  1. SCANS scans over CODES codes of one owner, whose webhook subscribes to qr.scanned
#  2. every scan delivered exactly once (unique event ids, duplicates, bad signatures)
#  3. delivery throughput and freshness scan -> delivery (p50/p95/max)
#  4. insights consumer: aggregates caught up (scans counted in workflow_db)
# Usage: bench/webhooks.sh [SCANS] [CODES]
set -euo pipefail
SCANS=${1:-3000}; NCODES=${2:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/cluster-node/target/qrflow-node.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq "$2" >/dev/null; }; }
need psql postgresql-client
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
WORK=$(mktemp -d); HTTP=$(free_port); PG=$(free_port); HOOK=$(free_port); NODE_PID=; RECV_PID=
cleanup() {
  [ -n "$RECV_PID" ] && kill "$RECV_PID" 2>/dev/null
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; rm -rf "$WORK"; true
}
trap cleanup EXIT
BASE=http://127.0.0.1:$HTTP
QRFLOW_DATA_DIR=$WORK/data QRFLOW_DEV_POSTGRES_PORT=$PG QRFLOW_HTTP_PORT=$HTTP QRFLOW_REMOTE_PORT=$(free_port) \
  QRFLOW_PUBLIC_URL=$BASE QRFLOW_WEBHOOK_ALLOW_HOSTS=127.0.0.1 java ${JAVA_OPTS:-} -jar "$JAR" >"$WORK/node.log" 2>&1 &
NODE_PID=$!

cat > "$WORK/receiver.py" <<'PY'
import hashlib, hmac, http.server, json, os, sys, time, threading
port, work = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock(); out = open(os.path.join(work, 'arrivals'), 'a')
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        secret = open(os.path.join(work, 'secret')).read().strip()
        t, v1 = [p.split('=', 1)[1] for p in self.headers['X-Qrflow-Signature'].split(',')]
        ok = hmac.compare_digest(v1, hmac.new(secret.encode(), t.encode() + b'.' + body, hashlib.sha256).hexdigest())
        envelope = json.loads(body)
        with lock:
            out.write('%f %s %s %s\n' % (time.time(), 'ok' if ok else 'BAD', envelope['eventId'],
                                         envelope['payload'].get('scannedAt', '-'))); out.flush()
        self.send_response(204); self.end_headers()
    def log_message(self, *args): pass
Hook.protocol_version = os.environ.get('RECEIVER_HTTP', 'HTTP/1.1')
http.server.ThreadingHTTPServer(('127.0.0.1', port), Hook).serve_forever()
PY
python3 "$WORK/receiver.py" "$HOOK" "$WORK" & RECV_PID=$!

for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health/ready" && break; sleep 0.5; done
"$ROOT/bench/seed-codes.sh" "$BASE" "$NCODES" "$WORK" >/dev/null
TOKEN=$(cat "$WORK/token")
curl -sf -X POST "$BASE/api/v1/webhooks" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d "{\"url\":\"http://127.0.0.1:$HOOK/hook\",\"topics\":[\"qr.scanned\"]}" |
  python3 -c "import json,sys;print(json.load(sys.stdin)['secret'])" > "$WORK/secret"
curl -sf -X POST "$BASE/api/v1/workflows" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
  -d "{\"name\":\"busy\",\"trigger\":{\"kind\":\"scan-threshold\",\"code\":\"$(head -1 "$WORK/codes")\",\"threshold\":20,\"windowMinutes\":60},\"actions\":{\"email\":true}}" >/dev/null
sql() { psql -h 127.0.0.1 -p "$PG" -U postgres -At -c "$1"; }

echo "== 1. $SCANS scans over $NCODES codes (16 concurrent clients)"
python3 - "$BASE" "$WORK/codes" "$SCANS" <<'PY'
import concurrent.futures, http.client, random, sys, time, urllib.parse
base, codes, n = sys.argv[1], [c for c in open(sys.argv[2]).read().split() if c], int(sys.argv[3])
host = urllib.parse.urlparse(base)
def worker(count):
    c = http.client.HTTPConnection(host.hostname, host.port); served = 0
    for _ in range(count):
        c.request('GET', '/r/' + random.choice(codes)); r = c.getresponse(); r.read(); served += r.status == 302
    return served
start = time.time()
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    served = sum(pool.map(worker, [n // 16 + (1 if i < n % 16 else 0) for i in range(16)]))
print('served %d scans (302) in %.1f s' % (served, time.time() - start))
PY

echo "== 2. deliveries"
for _ in $(seq 1 360); do n=$(wc -l < "$WORK/arrivals" 2>/dev/null || echo 0); [ "$n" -ge "$SCANS" ] && break; sleep 0.5; done
sleep 3 # room for wrong duplicates
python3 - "$WORK/arrivals" "$SCANS" <<'PY'
import datetime, sys
rows = [l.split() for l in open(sys.argv[1])]
ids = [r[2] for r in rows]; bad = sum(r[1] != 'ok' for r in rows)
print('arrivals %d, unique event ids %d of %d scans, duplicates %d, bad signatures %d'
      % (len(rows), len(set(ids)), int(sys.argv[2]), len(ids) - len(set(ids)), bad))
def at(text):
    whole, _, frac = text.rstrip('Z').partition('.')
    return datetime.datetime.fromisoformat(whole + '.' + (frac + '000000')[:6] + '+00:00').timestamp()
lat = sorted(float(r[0]) - at(r[3]) for r in rows)
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
times = sorted(float(r[0]) for r in rows)
print('scan -> delivery: p50 %.2f s, p95 %.2f s, max %.2f s' % (q(0.5), q(0.95), lat[-1]))
print('delivery rate: %.0f deliveries/s (first to last arrival)' % (len(rows) / max(0.001, times[-1] - times[0])))
PY
sql "SELECT status, count(*), max(attempts) FROM integrations_db.webhook_deliveries GROUP BY status" |
  awk -F'|' '{print "deliveries " $1 ": " $2 " (max attempts " $3 ")"}'

sql "SELECT coalesce(error, 'HTTP ' || status_code), count(*) FROM integrations_db.webhook_attempts
     WHERE status_code IS NULL OR status_code >= 300 GROUP BY 1 ORDER BY 2 DESC LIMIT 5" |
  awk -F'|' '{print "failed attempts: " $2 " x " $1}'

echo "== 4. insights"
echo "scans counted by the insights consumer: $(sql "SELECT coalesce(sum(scans),0) FROM workflow_db.insight_scan_minutes")"
echo "threshold firings (20 scans in 60 min on one code, expected 1): $(sql "SELECT count(*) FROM workflow_db.insight_firings")"
