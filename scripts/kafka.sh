#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) from its Maven Central artifacts. No Docker needed.
#   scripts/kafka.sh start   idempotent: reuses a running broker, waits until it answers metadata requests
#   scripts/kafka.sh stop    SIGTERM and wait for the controlled shutdown
#   scripts/kafka.sh status
# Environment: KAFKA_HOME_DIR (default .local/kafka), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093).
# Each (port, home) pair is an independent broker, so tests can run a second one they may kill.
set -Eeuo pipefail
trap 'echo "[kafka] failed (line $LINENO): $BASH_COMMAND" >&2' ERR
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOME_DIR="${KAFKA_HOME_DIR:-$ROOT/.local/kafka}"
PORT="${KAFKA_PORT:-9092}"
CPORT="${KAFKA_CONTROLLER_PORT:-9093}"
LIB="$ROOT/.local/kafka-lib"
PIDFILE="$HOME_DIR/broker.pid"
log() { echo "[kafka] $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# shellcheck source=scripts/maven-deps.sh
. "$ROOT/scripts/maven-deps.sh"
fetch_jars() { maven_deps "$ROOT/scripts/kafka/pom.xml" "$LIB" Kafka; }

java_run() { java -Xms256m -Xmx512m -cp "$LIB/*" "$@"; }

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  if port_open "$PORT"; then log "broker already listening on 127.0.0.1:$PORT, reusing it"; wait_ready; return; fi
  fetch_jars
  mkdir -p "$HOME_DIR/data" "$HOME_DIR/logs"
  cat > "$HOME_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$HOME_DIR/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.hours=-1
PROPS
  if [ ! -f "$HOME_DIR/data/meta.properties" ]; then
    local uuid; uuid=$(java_run kafka.tools.StorageTool random-uuid 2>"$HOME_DIR/logs/uuid.log" | tail -1)
    [ -n "$uuid" ] || { log "could not generate a cluster id:"; cat "$HOME_DIR/logs/uuid.log" >&2; exit 1; }
    java_run kafka.tools.StorageTool format -t "$uuid" -c "$HOME_DIR/server.properties" >"$HOME_DIR/logs/format.log" 2>&1 \
      || { log "formatting $HOME_DIR/data failed:"; tail -20 "$HOME_DIR/logs/format.log" >&2; exit 1; }
  fi
  log "starting broker on 127.0.0.1:$PORT (data in $HOME_DIR)"
  nohup java -Xms512m -Xmx1g -XX:+UseG1GC \
    -Dkafka.logs.dir="$HOME_DIR/logs" -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.yaml" \
    -cp "$LIB/*" kafka.Kafka "$HOME_DIR/server.properties" >"$HOME_DIR/logs/stdout.log" 2>&1 &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 120); do
    port_open "$PORT" && break
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { log "broker exited; see $HOME_DIR/logs"; tail -20 "$HOME_DIR/logs/stdout.log" "$HOME_DIR/logs/server.log" >&2 || true; exit 1; }
    sleep 0.5
  done
  wait_ready
}

wait_ready() {
  # Port open is not enough: wait until a metadata request (topic list) succeeds.
  if [ -d "$ROOT/node_modules/kafkajs" ]; then
    node "$ROOT/scripts/kafka-ready.js" "127.0.0.1:$PORT" >&2
  else
    for _ in $(seq 1 60); do
      java_run org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" --list >/dev/null 2>&1 && return
      sleep 1
    done
    log "broker on $PORT does not answer metadata requests"; exit 1
  fi
}

stop() {
  local pid
  if ! pid=$(running_pid); then log "no broker started from $HOME_DIR is running"; return 0; fi
  log "stopping broker (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; return 0; }; sleep 0.5; done
  log "broker did not stop in 30 s, killing it"; kill -9 "$pid" || true; rm -f "$PIDFILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if port_open "$PORT"; then echo "listening on 127.0.0.1:$PORT"; else echo "not running"; exit 1; fi ;;
  jars) fetch_jars; echo "$LIB" ;;
  *) echo "usage: $0 start|stop|status|jars" >&2; exit 2 ;;
esac
