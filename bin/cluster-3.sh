#!/usr/bin/env bash
# A local qrflow cluster: shared embedded PostgreSQL and Kafka (each its own process, started
# once) and N nodes (default 3) that form one cluster through cluster bootstrap with config
# discovery, each on its own ports. Everything listens on 127.0.0.1.
#
#   bin/cluster-3.sh start [N]      infrastructure + N nodes, waits until every node is ready
#   bin/cluster-3.sh stop           graceful stop of the nodes (SIGTERM), then the infrastructure
#   bin/cluster-3.sh status         readiness and members
#   bin/cluster-3.sh node-start I | node-stop I | node-kill I    one node (I = 1..N)
#   bin/cluster-3.sh infra-restart postgres|kafka                 stop and start one part
#
# Ports: node I serves HTTP on HTTP_BASE+I (3000+I), management on MGMT_BASE+I (8550+I),
# remoting on REMOTE_BASE+I (25520+I); PostgreSQL on PG_PORT (54329), Kafka on KAFKA_PORT (19092).
# State (data, logs, pids) in QRFLOW_CLUSTER_DIR (default ./data/cluster-3).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/cluster-node/target/qrflow-node.jar}
DIR=${QRFLOW_CLUSTER_DIR:-$ROOT/data/cluster-3}
HTTP_BASE=${HTTP_BASE:-3000}; MGMT_BASE=${MGMT_BASE:-8550}; REMOTE_BASE=${REMOTE_BASE:-25520}
PG_PORT=${PG_PORT:-54329}; KAFKA_PORT=${KAFKA_PORT:-19092}
NODE_HEAP=${NODE_HEAP:-512m}
mkdir -p "$DIR"

nodes() { cat "$DIR/nodes" 2>/dev/null || echo 3; }
pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_for_line() { # file pattern seconds
  for _ in $(seq 1 $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; return 1
}

infra_start() { # part
  local part=$1
  [[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
  pid_alive "$DIR/$part.pid" && return 0
  : > "$DIR/$part.log"
  QRFLOW_DATA_DIR=$DIR/infra QRFLOW_DEV_POSTGRES_PORT=$PG_PORT QRFLOW_DEV_KAFKA_PORT=$KAFKA_PORT \
    java -Xmx512m -cp "$JAR" io.qrflow.node.cluster.InfraMain "$part" >>"$DIR/$part.log" 2>&1 &
  echo $! > "$DIR/$part.pid"
  wait_for_line "$DIR/$part.log" "infra ready" 120
}

infra_stop() { # part
  local pidfile=$DIR/$1.pid
  if pid_alive "$pidfile"; then
    kill "$(cat "$pidfile")"
    for _ in $(seq 1 600); do pid_alive "$pidfile" || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
}

contact_points() {
  local n; n=$(nodes); local points=""
  for i in $(seq 1 "$n"); do points+="${points:+,}127.0.0.1:$((MGMT_BASE + i))"; done
  echo "$points"
}

node_start() { # index
  local i=$1 pidfile=$DIR/node-$1.pid
  pid_alive "$pidfile" && return 0
  local db; db=$(sed -n 's/.* db=\([^ ]*\).*/\1/p' "$DIR/postgres.log" | tail -1)
  local user; user=$(sed -n 's/.* user=\([^ ]*\).*/\1/p' "$DIR/postgres.log" | tail -1)
  QRFLOW_DATA_DIR=$DIR/node-$i QRFLOW_DB_URL=$db QRFLOW_DB_USER=$user QRFLOW_DB_PASSWORD= \
  QRFLOW_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT \
  QRFLOW_HTTP_HOST=127.0.0.1 QRFLOW_HTTP_PORT=$((HTTP_BASE + i)) QRFLOW_PUBLIC_URL=http://127.0.0.1:$((HTTP_BASE + i)) \
  QRFLOW_REMOTE_HOST=127.0.0.1 QRFLOW_REMOTE_PORT=$((REMOTE_BASE + i)) QRFLOW_MANAGEMENT_PORT=$((MGMT_BASE + i)) \
  QRFLOW_CLUSTER_BOOTSTRAP=on QRFLOW_JOIN_SELF=off QRFLOW_CONTACT_POINTS=$(contact_points) \
  QRFLOW_REQUIRED_CONTACT_POINTS=${QRFLOW_REQUIRED_CONTACT_POINTS:-$(nodes)} \
  QRFLOW_SBR_STABLE_AFTER=${QRFLOW_SBR_STABLE_AFTER:-5s} \
  QRFLOW_DB_POOL_SIZE=${QRFLOW_DB_POOL_SIZE:-5} QRFLOW_JOURNAL_POOL_SIZE=${QRFLOW_JOURNAL_POOL_SIZE:-5} \
    java -Xmx"$NODE_HEAP" ${JAVA_OPTS:-} -jar "$JAR" >>"$DIR/node-$i.log" 2>&1 &
  echo $! > "$pidfile"
}

node_wait_ready() { # index
  for _ in $(seq 1 1800); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((MGMT_BASE + $1))/ready") == 200 ]] && return 0
    pid_alive "$DIR/node-$1.pid" || { echo "node $1 died; see $DIR/node-$1.log" >&2; return 1; }
    sleep 0.1
  done
  echo "node $1 not ready after 180 s" >&2; return 1
}

node_stop() { # index: SIGTERM, coordinated shutdown (hand-off, flush)
  local pidfile=$DIR/node-$1.pid
  if pid_alive "$pidfile"; then
    kill "$(cat "$pidfile")"
    for _ in $(seq 1 900); do pid_alive "$pidfile" || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
}

node_kill() { # index: kill -9, nothing flushed
  local pidfile=$DIR/node-$1.pid
  pid_alive "$pidfile" && kill -9 "$(cat "$pidfile")"
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    echo "${2:-3}" > "$DIR/nodes"
    infra_start postgres; infra_start kafka
    for i in $(seq 1 "$(nodes)"); do node_start "$i"; done
    for i in $(seq 1 "$(nodes)"); do node_wait_ready "$i"; done
    echo "cluster of $(nodes) ready: HTTP on 127.0.0.1:$((HTTP_BASE + 1))..$((HTTP_BASE + $(nodes))), state in $DIR"
    ;;
  stop)
    for i in $(seq 1 "$(nodes)"); do node_stop "$i" & done; wait
    infra_stop kafka; infra_stop postgres
    ;;
  status)
    for i in $(seq 1 "$(nodes)"); do
      printf 'node %s: %s\n' "$i" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((MGMT_BASE + i))/ready" || true)"
    done
    curl -s "http://127.0.0.1:$((MGMT_BASE + 1))/cluster/members" || true; echo
    ;;
  node-start) node_start "$2"; node_wait_ready "$2" ;;
  node-stop) node_stop "$2" ;;
  node-kill) node_kill "$2" ;;
  infra-restart) infra_stop "$2"; infra_start "$2" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
