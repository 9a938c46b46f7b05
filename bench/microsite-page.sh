#!/usr/bin/env bash
# Microsite page benchmark: GET /m/{slug} on one dev-mode node against nginx serving the same
# page as a static file (same size, same CSP header) on this machine, loopback only.
#  1. throughput and p99, qrflow and nginx alternately, median of 3 rounds
#  2. every page view counted: the growth of the sites' view counts lies between the responses wrk
#     completed and that plus the requests in flight when each wrk run stopped (CONNECTIONS per run)
# Usage: bench/microsite-page.sh [SECONDS] [SITES] [CONNECTIONS]
set -euo pipefail
SECS=${1:-5}; NSITES=${2:-50}; CONNS=${3:-64}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/cluster-node/target/qrflow-node.jar
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null; apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk; need nginx nginx
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
WORK=$(mktemp -d); HTTP=$(free_port); NGX=$(free_port); NODE_PID=; NGX_PID=
cleanup() {
  [ -n "$NGX_PID" ] && kill "$NGX_PID" 2>/dev/null
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
BASE=http://127.0.0.1:$HTTP
QRFLOW_DATA_DIR=$WORK/data QRFLOW_HTTP_PORT=$HTTP QRFLOW_REMOTE_PORT=$(free_port) QRFLOW_PUBLIC_URL=$BASE \
  java ${JAVA_OPTS:-} -jar "$JAR" >"$WORK/node.log" 2>&1 & NODE_PID=$!
for _ in $(seq 1 120); do curl -sf -o /dev/null "$BASE/health/ready" && break; sleep 0.5; done
curl -sf -o /dev/null "$BASE/health/ready" || { echo "node did not start"; tail -50 "$WORK/node.log"; exit 1; }
"$ROOT/bench/seed-codes.sh" "$BASE" 0 "$WORK" >/dev/null
TOKEN=$(cat "$WORK/token")
BLOCKS='[{"type":"heading","text":"Fresh every morning","level":1},
 {"type":"markdown","text":"We bake **sourdough**, rye and spelt bread daily.\n\n- Cakes on weekends\n- Coffee from a local roaster\n- [Allergens](https://bakery.example/allergens)"},
 {"type":"link","label":"Order online","url":"https://bakery.example/order"},
 {"type":"image","url":"https://bakery.example/loaf.jpg","alt":"A loaf of bread"},
 {"type":"contact","name":"Ada Baker","organization":"Ada'"'"'s Bakery","phone":"+49 30 1234567","email":"ada@bakery.example","website":"https://bakery.example","address":"Main St 1, Berlin"},
 {"type":"social","links":[{"network":"instagram","url":"https://instagram.com/adabakes"},{"network":"facebook","url":"https://facebook.com/adabakes"}]}]'
: > "$WORK/slugs"
for i in $(seq 1 "$NSITES"); do
  slug="bench-site-$i"
  curl -sf -X POST "$BASE/api/v1/microsites" -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
    -d "{\"slug\":\"$slug\",\"title\":\"Ada's Bakery $i\",\"tagline\":\"Fresh bread in Berlin\",\"blocks\":$BLOCKS}" >/dev/null
  curl -sf -X POST "$BASE/api/v1/microsites/$slug/publish" -H "Authorization: Bearer $TOKEN" >/dev/null
  echo "$slug" >> "$WORK/slugs"
done
mkdir -p "$WORK/www"
curl -sf "$BASE/m/bench-site-1" -o "$WORK/www/page.html"
chmod 755 "$WORK" "$WORK/www"; chmod 644 "$WORK/www/page.html" # nginx workers run as nobody
SIZE=$(wc -c < "$WORK/www/page.html")
CSP=$(curl -sf -D - -o /dev/null "$BASE/m/bench-site-1" | awk -F': ' 'tolower($1)=="content-security-policy"{sub(/\r$/,"",$2);print $2}')
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $WORK/nginx.pid; error_log $WORK/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGX; root $WORK/www;
    location /m/ { default_type "text/html; charset=UTF-8"; add_header Content-Security-Policy "$CSP";
      add_header X-Content-Type-Options nosniff; add_header Cache-Control no-cache; rewrite ^ /page.html break; } } }
NGINX
nginx -c "$WORK/nginx.conf" -p "$WORK" & NGX_PID=$!
sleep 1
cat >"$WORK/slugs.lua" <<LUA
local slugs = {}
for line in io.lines("$WORK/slugs") do if #line > 0 then slugs[#slugs+1] = line end end
math.randomseed(os.time())
request = function() return wrk.format("GET", "/m/" .. slugs[math.random(#slugs)]) end
LUA
SENT=0
run() { # $1 base url -> "rps p99ms"; counts requests sent to qrflow
  local out rps p99 n
  out=$(wrk -t1 -c"$CONNS" -d"${2:-$SECS}s" --latency -s "$WORK/slugs.lua" "$1" 2>&1)
  if echo "$out" | grep -q "Non-2xx"; then echo "non-2xx answers from $1" >&2; echo "$out" >&2; exit 1; fi
  n=$(echo "$out" | awk '/requests in/{print $1}')
  [ "$1" = "$BASE" ] && SENT=$((SENT + n))
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{v=$2; if (v~/us$/) {sub(/us/,"",v); v=v/1000} else if (v~/ms$/) {sub(/ms/,"",v)} else if (v~/s$/) {sub(/s/,"",v); v=v*1000}; print v}')
  echo "$rps ${p99:-nan}" > "$WORK/last"
}
views() {
  local sum=0 n
  while read -r slug; do
    n=$(curl -sf "$BASE/api/v1/microsites/$slug" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys;print(json.load(sys.stdin)["views"])')
    sum=$((sum + n))
  done < "$WORK/slugs"
  echo "$sum"
}
BEFORE=$(views)
echo "== 1. qrflow /m/{slug} vs nginx static file: $NSITES sites, page $SIZE bytes, $CONNS connections, ${SECS}s rounds"
run "http://127.0.0.1:$NGX" 2; run "$BASE" 2
A=(); B=(); AP=(); BP=()
for i in 1 2 3; do
  run "http://127.0.0.1:$NGX"; read -r r p < "$WORK/last"; A+=("$r"); AP+=("$p")
  run "$BASE"; read -r r p < "$WORK/last"; B+=("$r"); BP+=("$p")
  echo "round $i: nginx ${A[-1]} req/s p99 ${AP[-1]} ms | qrflow ${B[-1]} req/s p99 ${BP[-1]} ms"
done
med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
ma=$(med "${A[@]}"); mb=$(med "${B[@]}")
echo "median: nginx $ma req/s (p99 $(med "${AP[@]}") ms), qrflow $mb req/s (p99 $(med "${BP[@]}") ms)"
python3 -c "print('ratio=%.2f (goal >= 0.40)' % ($mb/$ma))"

echo "== 2. every page view counted"
sleep 2
a=$(views); sleep 1; b=$(views)
while [ "$a" != "$b" ]; do a=$b; sleep 1; b=$(views); done
GROWTH=$((b - BEFORE)); INFLIGHT=$((4 * CONNS))
echo "responses wrk completed from qrflow: $SENT; growth of the sites' view counts: $GROWTH (in flight at the 4 stops: at most $INFLIGHT)"
[ "$GROWTH" -ge "$SENT" ] && [ "$GROWTH" -le "$((SENT + INFLIGHT))" ] && echo "count check: OK" || { echo "count check: MISMATCH"; exit 1; }
