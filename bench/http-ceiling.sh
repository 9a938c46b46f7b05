#!/usr/bin/env bash
# The HTTP frameworks' own ceiling on this machine: a bare pekko-http server and a bare Netty
# server, each answering every request with a constant 302 and doing nothing else, measured
# against nginx's `return 302` with ../shared/bench/redirect-vs-nginx.sh (same run, same
# machine). Compare with bench/scan-redirect.sh to see how much of a scan's cost is the framework.
# Usage: bench/http-ceiling.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
SECS=${1:-10}; CONNS=${2:-64}; NETTY=${NETTY_VERSION:-4.1.118.Final}
ROOT=$(cd "$(dirname "$0")/.." && pwd); SHARED=${SHARED:-$ROOT/../shared}
JAR=${JAR:-$ROOT/cluster-node/target/qrflow-node.jar}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package)
WORK=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
for a in buffer codec codec-http common handler resolver transport transport-native-unix-common; do
  mvn -B -q dependency:copy -Dartifact="io.netty:netty-$a:$NETTY" -DoutputDirectory="$WORK/netty" >/dev/null 2>&1
done
NETTY_CP=$(ls "$WORK"/netty/*.jar | tr '\n' ':')
javac -d "$WORK" -cp "$NETTY_CP" "$ROOT/bench/ceiling/BareNetty.java"
javac -d "$WORK" -cp "$JAR" "$ROOT/bench/ceiling/BarePekko.java"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
NP=$(free_port); PP=$(free_port); echo x > "$WORK/codes"
java -cp "$NETTY_CP$WORK" BareNetty "$NP" 1 >"$WORK/netty.log" 2>&1 & PIDS+=($!)
java -cp "$JAR:$WORK" BarePekko "$PP" >"$WORK/pekko.log" 2>&1 & PIDS+=($!)
for port in $NP $PP; do
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/r/x" && break; sleep 0.5; done
done
echo "== bare Netty (one event loop), constant 302"
bash "$SHARED/bench/redirect-vs-nginx.sh" "http://127.0.0.1:$NP/r/{code}" "$WORK/codes" "$SECS" "$CONNS" | tail -2
echo "== bare pekko-http (bindSync), constant 302"
bash "$SHARED/bench/redirect-vs-nginx.sh" "http://127.0.0.1:$PP/r/{code}" "$WORK/codes" "$SECS" "$CONNS" | tail -2
