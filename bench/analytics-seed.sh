#!/usr/bin/env bash
# Analytics benchmark on one dev-mode node (embedded PostgreSQL + KRaft broker), loopback only:
#  1. one owner with CODES QR codes (created through the API: qr.created reaches analytics)
#  2. SCANS qr.scanned envelopes for them, spread over DAYS days (time order, skewed over codes,
#     repeat visitors, ~10% bots), produced to the node's Kafka with kcat; time until the analytics
#     consumer has applied them all (consumer throughput)
#  3. p50/p95/p99 of the dashboard API: /api/v1/qr/{code}/analytics and /api/v1/analytics/summary
#     for several ranges, granularities and zones (REQUESTS sequential requests each)
# The scans skip the edge and the journal (measured by pipeline.sh) so that they can carry times
# spread over months; everything from Kafka on is the real pipeline.
# Usage: bench/analytics-seed.sh [CODES] [SCANS] [DAYS] [REQUESTS]
set -euo pipefail
NCODES=${1:-1000}; NSCANS=${2:-1000000}; DAYS=${3:-90}; REQUESTS=${4:-200}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/cluster-node/target/qrflow-node.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq "$2" >/dev/null; }; }
need kcat kcat; need psql postgresql-client
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
WORK=$(mktemp -d); HTTP=$(free_port); PG=$(free_port); KAFKA=$(free_port); NODE_PID=
cleanup() { [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
BASE=http://127.0.0.1:$HTTP
QRFLOW_ACCESS_TOKEN_TTL=3h QRFLOW_DATA_DIR=$WORK/data QRFLOW_DEV_POSTGRES_PORT=$PG QRFLOW_DEV_KAFKA_PORT=$KAFKA QRFLOW_HTTP_PORT=$HTTP \
  QRFLOW_REMOTE_PORT=$(free_port) QRFLOW_PUBLIC_URL=$BASE java ${JAVA_OPTS:-} -jar "$JAR" >"$WORK/node.log" 2>&1 & NODE_PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health/ready" && break; sleep 0.5; done
sql() { psql -h 127.0.0.1 -p "$PG" -U postgres -At -c "$1"; }

echo "== 1. one owner, $NCODES codes"
"$ROOT/bench/seed-codes.sh" "$BASE" 1 "$WORK" >/dev/null
TOKEN=$(cat "$WORK/token")
# The remaining codes with retries: a loaded machine may time a request out now and then.
for i in $(seq 2 "$NCODES"); do
  curl -sf --retry 5 --retry-all-errors -X POST "$BASE/api/v1/qr" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $TOKEN" -d "{\"target\":\"https://example.com/landing/$i\",\"title\":\"bench $i\"}" |
    python3 -c 'import json,sys;print(json.load(sys.stdin)["code"])' >> "$WORK/codes"
done
OWNER=$(curl -sf "$BASE/api/v1/me" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys;print(json.load(sys.stdin)["userId"])')
echo "owner $OWNER, $(wc -l < "$WORK/codes") codes"

echo "== 2. $NSCANS scans over $DAYS days through Kafka -> analytics"
python3 - "$WORK/codes" "$OWNER" "$NSCANS" "$DAYS" > "$WORK/scans.tsv" <<'PY'
import sys, json, random, datetime, hashlib, base64
codes = [c for c in open(sys.argv[1]).read().split() if c]
owner, n, days = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
random.seed(42)
weights = [1 / (i + 1) ** 0.8 for i in range(len(codes))]  # a few popular codes, a long tail
humans = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:121.0) Gecko/20100101 Firefox/121.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"]
bots = ["Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "WhatsApp/2.23.20.0 A",
  "facebookexternalhit/1.1", "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", "curl/8.5.0"]
countries = ["DE", "US", "FR", "GB", "ES", "IT", "NL", "PL", "SE", "JP", "BR", "IN", "CA", "AU", None]
languages = ["de-DE", "en-US", "en-GB", "fr-FR", "es-ES", "it-IT", "nl-NL", "pl-PL", "ja-JP", None]
referrers = [None, None, None, "t.co", "news.example", "www.google.com", "l.facebook.com", "instagram.com", "mail.example"]
end = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
start = end - datetime.timedelta(days=days)
span = (end - start).total_seconds()
offsets = sorted(random.random() * span for _ in range(n))
picks = random.choices(range(len(codes)), weights=weights, k=n)
for i, (off, ci) in enumerate(zip(offsets, picks)):
  at = start + datetime.timedelta(seconds=off)
  code = codes[ci]
  bot = random.random() < 0.1
  day = at.date().isoformat()
  person = random.randrange(9000)  # repeat visitors within a day
  visitor = base64.urlsafe_b64encode(hashlib.sha256(f"{day}/{person}".encode()).digest()[:16]).decode().rstrip("=")
  payload = {"code": code, "ownerId": owner, "scannedAt": at.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % random.randrange(1000),
    "visitorId": visitor, "country": random.choice(countries),
    "userAgent": random.choice(bots) if bot else humans[person % len(humans)],
    "referrerHost": random.choice(referrers), "language": random.choice(languages)}
  env = {"eventId": f"Bench|{code}:{i}", "type": "qr.scanned", "version": 1, "occurredAt": payload["scannedAt"],
    "key": code, "payload": payload}
  sys.stdout.write(code + "\t" + json.dumps(env, separators=(",", ":")) + "\n")
PY
consumed() { sql "SELECT coalesce(sum(next_offset),0) FROM qr_analytics.kafka_offsets WHERE consumer_group='analytics' AND topic='qr.scanned'"; }
BEFORE=$(consumed)
T0=$(date +%s.%N)
kcat -P -b "127.0.0.1:$KAFKA" -t qr.scanned -K $'\t' -z lz4 < "$WORK/scans.tsv"
T1=$(date +%s.%N)
echo "produced $NSCANS messages in $(python3 -c "print('%.1f' % ($T1 - $T0))") s"
while true; do
  c=$(consumed); [ $((c - BEFORE)) -ge "$NSCANS" ] && break
  [ $(( $(date +%s) % 30 )) -lt 2 ] && echo "  analytics applied $((c - BEFORE)) / $NSCANS ($(date +%T))"; sleep 2
done
T2=$(date +%s.%N)
python3 -c "print('analytics consumer: %d scans in %.0f s = %.0f scans/s' % ($NSCANS, $T2 - $T0, $NSCANS / ($T2 - $T0)))"
echo "rollup rows: $(sql "SELECT string_agg(relname || ' ' || n_live_tup, ', ' ORDER BY relname) FROM pg_stat_user_tables WHERE schemaname='qr_analytics' AND n_live_tup > 0")"
echo "qr_analytics size: $(sql "SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'qr_analytics'")"
sql "VACUUM ANALYZE" >/dev/null 2>&1 || true

echo "== 3. dashboard API latency ($REQUESTS sequential requests per row, random code per request)"
python3 - "$BASE" "$TOKEN" "$WORK/codes" "$REQUESTS" <<'PY'
import sys, time, random, urllib.request, json
base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[4])
codes = [c for c in open(sys.argv[3]).read().split() if c]
random.seed(7)
def get(path):
  req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
  t = time.perf_counter()
  with urllib.request.urlopen(req) as r:
    body = r.read()
  return time.perf_counter() - t, body
cases = [
  ("code, last 24 h by hour", lambda c: f"/api/v1/qr/{c}/analytics?from=%s&granularity=hour" % since(1)),
  ("code, 7 days by hour (default)", lambda c: f"/api/v1/qr/{c}/analytics"),
  ("code, 6 h by minute", lambda c: f"/api/v1/qr/{c}/analytics?from=%s&granularity=minute" % since(0.25)),
  ("code, 30 days by day, Europe/Berlin", lambda c: f"/api/v1/qr/{c}/analytics?from=%s&granularity=day&tz=Europe/Berlin" % since(30)),
  ("code, 90 days by day, America/New_York", lambda c: f"/api/v1/qr/{c}/analytics?from=%s&granularity=day&tz=America/New_York" % since(90)),
  ("top code, 90 days by day", lambda c: f"/api/v1/qr/{codes[0]}/analytics?from=%s&granularity=day" % since(90)),
  ("summary, last 24 h by hour", lambda c: "/api/v1/analytics/summary?from=%s" % since(1)),
  ("summary, 7 days by hour (default)", lambda c: "/api/v1/analytics/summary"),
  ("summary, 6 h by minute", lambda c: "/api/v1/analytics/summary?from=%s&granularity=minute" % since(0.25)),
  ("summary, 30 days by day, Europe/Berlin", lambda c: "/api/v1/analytics/summary?from=%s&granularity=day&tz=Europe/Berlin" % since(30)),
  ("summary, 90 days by day, America/New_York", lambda c: "/api/v1/analytics/summary?from=%s&granularity=day&tz=America/New_York" % since(90)),
  ("summary, 7 days CSV", lambda c: "/api/v1/analytics/summary?format=csv"),
]
def since(days):
  return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - days * 86400))
print("| call | p50 ms | p95 ms | p99 ms | scans in range |")
print("|---|---|---|---|---|")
for name, path in cases:
  for _ in range(5): get(path(random.choice(codes)))  # warm up
  lat, scans = [], 0
  for _ in range(n):
    dt, body = get(path(random.choice(codes)))
    lat.append(dt * 1000)
    if not body.startswith(b"section"): scans = max(scans, json.loads(body)["totals"]["scans"])
  lat.sort()
  q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]
  print("| %s | %.1f | %.1f | %.1f | %s |" % (name, q(0.5), q(0.95), q(0.99), "{:,}".format(scans) if scans else "-"))
PY
