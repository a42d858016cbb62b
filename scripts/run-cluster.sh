#!/usr/bin/env bash
# Local multi-process mode: the shared stores (im-standalone.jar --stores-only), one conversation-service, one
# message-service, one media-service and two gateways, each its own JVM on a Hazelcast cluster bound to 127.0.0.1.
# Waits until every process is healthy, prints the endpoints, and on Ctrl-C / SIGTERM stops everything it started:
# gateways first (they tell their clients to reconnect), then the services, the stores last.
#
# Every setting below can be overridden from the environment, e.g. GATEWAY_A_PORT=18080 scripts/run-cluster.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HOST=127.0.0.1
GATEWAY_A_PORT="${GATEWAY_A_PORT:-8080}"
GATEWAY_B_PORT="${GATEWAY_B_PORT:-8090}"
MEDIA_PORT="${MEDIA_PORT:-8081}"
MESSAGE_HTTP_PORT="${MESSAGE_HTTP_PORT:-8082}"
REDIS_PORT="${REDIS_PORT:-6379}"
MONGO_PORT="${MONGO_PORT:-27017}"
# Management (/health, /readiness, /metrics) ports: conversation, message, media, gateway-a, gateway-b = base+1 … base+5.
MANAGEMENT_PORT_BASE="${MANAGEMENT_PORT_BASE:-9100}"
# Hazelcast ports, same order: base … base+4; every member is listed so that each finds the others.
CLUSTER_PORT_BASE="${CLUSTER_PORT_BASE:-5701}"
CLUSTER_NAME="${CLUSTER_NAME:-lcim-local}"
RUN_DIR="${RUN_DIR:-$ROOT/target/local-cluster}"
START_TIMEOUT_SECONDS="${START_TIMEOUT_SECONDS:-120}"
STOP_TIMEOUT_SECONDS="${STOP_TIMEOUT_SECONDS:-20}"
JAVA="${JAVA:-java}"
# As the Dockerfile runs the services: Hazelcast reaches into these JDK internals.
JAVA_OPTS="${JAVA_OPTS:---add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED \
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED}"
export IM_APP_ID="${IM_APP_ID:-lcim-dev-app}"
export IM_APP_KEY="${IM_APP_KEY:-lcim-dev-key}"
export IM_MASTER_KEY="${IM_MASTER_KEY:-lcim-dev-master}"

STANDALONE_JAR=standalone/target/im-standalone.jar
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
DATA_DIR="$RUN_DIR/data"

SETSID="$(command -v setsid || true)"
declare -a NAMES=()          # start order
declare -A PIDS=() HEALTH=()

log() { printf '[run-cluster] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

http_ok() { [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null)" == 200 ]]; }

build_jars_if_missing() {
  local jar missing=0
  for jar in "$STANDALONE_JAR" conversation-service/target/lcim-conversation-service.jar \
      message-service/target/lcim-message-service.jar media-service/target/lcim-media-service.jar \
      gateway/target/lcim-gateway.jar; do
    [[ -f "$jar" ]] || missing=1
  done
  if (( missing )); then
    log "building the jars: ./mvnw -B package -DskipTests"
    ./mvnw -B -q package -DskipTests
  fi
}

check_ports_free() {
  local port
  for port in "$GATEWAY_A_PORT" "$GATEWAY_B_PORT" "$MEDIA_PORT" "$MESSAGE_HTTP_PORT" "$REDIS_PORT" "$MONGO_PORT" \
      $(seq $((MANAGEMENT_PORT_BASE + 1)) $((MANAGEMENT_PORT_BASE + 5))) \
      $(seq "$CLUSTER_PORT_BASE" $((CLUSTER_PORT_BASE + 4))); do
    if port_in_use "$port"; then
      die "port $port on $HOST is already in use (is another cluster running? see the overridable settings in $0)"
    fi
  done
}

# start NAME HEALTH_URL ENV_ASSIGNMENTS... -- JAVA_ARGS...: one JVM in the background, its output in LOG_DIR.
start() {
  local name="$1" health="$2"
  shift 2
  local -a env_vars=()
  while [[ "$1" != "--" ]]; do env_vars+=("$1"); shift; done
  shift
  # Own session: a Ctrl-C in the terminal reaches only this script, which then stops the processes in order.
  local -a java_opts
  read -r -a java_opts <<<"$JAVA_OPTS"
  $SETSID env "${env_vars[@]}" "$JAVA" "${java_opts[@]}" "$@" >"$LOG_DIR/$name.log" 2>&1 &
  PIDS[$name]=$!
  HEALTH[$name]="$health"
  NAMES+=("$name")
  echo "${PIDS[$name]}" >"$PID_DIR/$name.pid"
  log "started $name (pid ${PIDS[$name]}), log $LOG_DIR/$name.log"
}

alive() { kill -0 "${PIDS[$1]}" 2>/dev/null; }

# Waits until the process NAME is ready: its /readiness answers 200, or (the stores) its ports accept connections.
await_ready() {
  local name="$1" deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until is_ready "$name"; do
    if ! alive "$name"; then
      tail -n 30 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during start-up (log above: $LOG_DIR/$name.log)"
    fi
    (( SECONDS < deadline )) || die "$name was not ready within ${START_TIMEOUT_SECONDS}s (log: $LOG_DIR/$name.log)"
    sleep 0.5
  done
  log "$name is ready"
}

is_ready() {
  if [[ "$1" == stores ]]; then
    port_in_use "$REDIS_PORT" && port_in_use "$MONGO_PORT"
  else
    http_ok "${HEALTH[$1]}"
  fi
}

# SIGTERM to one process, SIGKILL if it outlives STOP_TIMEOUT_SECONDS.
stop_one() {
  local name="$1" pid="${PIDS[$1]}" waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT_SECONDS * 10 )); then
      log "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT_SECONDS}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
  rm -f "$PID_DIR/$name.pid"
}

# Stops the named processes in parallel.
stop_group() {
  local name pids=()
  for name in "$@"; do
    if [[ -n "${PIDS[$name]:-}" ]]; then stop_one "$name" & pids+=($!); fi
  done
  (( ${#pids[@]} == 0 )) || wait "${pids[@]}" 2>/dev/null || true
}

stop_all() {
  trap - INT TERM EXIT
  log "stopping"
  # Gateways first, while the services can still answer the frames they drain; the stores last.
  stop_group gateway-a gateway-b
  stop_group conversation message media
  stop_group stores
  log "stopped; logs are in $LOG_DIR"
}

main() {
  command -v "$JAVA" >/dev/null || die "java (17+) is not on the PATH; set JAVA=/path/to/java"
  command -v curl >/dev/null || die "curl is needed to poll /readiness"
  build_jars_if_missing
  check_ports_free
  mkdir -p "$LOG_DIR" "$PID_DIR" "$DATA_DIR"
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap stop_all EXIT

  start stores "" IM_DATA_DIR="$DATA_DIR" IM_STORES_REDIS_PORT="$REDIS_PORT" IM_STORES_MONGO_PORT="$MONGO_PORT" \
    -- -jar "$STANDALONE_JAR" --stores-only
  await_ready stores

  local members="" i
  for i in 0 1 2 3 4; do members+="${members:+,}$HOST:$((CLUSTER_PORT_BASE + i))"; done
  local -a common=(MONGO_URI="mongodb://$HOST:$MONGO_PORT" REDIS_URI="redis://$HOST:$REDIS_PORT"
    CLUSTER_NAME="$CLUSTER_NAME" CLUSTER_HOST="$HOST" CLUSTER_MEMBERS="$members" IM_MANAGEMENT_HOST="$HOST")
  local m="$MANAGEMENT_PORT_BASE" c="$CLUSTER_PORT_BASE"

  start conversation "http://$HOST:$((m + 1))/readiness" "${common[@]}" CLUSTER_PORT=$((c + 0)) \
    IM_MANAGEMENT_PORT=$((m + 1)) -- -jar conversation-service/target/lcim-conversation-service.jar
  # The first member forms the cluster; the others join it instead of racing to form their own.
  await_ready conversation
  start message "http://$HOST:$((m + 2))/readiness" "${common[@]}" CLUSTER_PORT=$((c + 1)) \
    IM_MANAGEMENT_PORT=$((m + 2)) IM_HTTP_HOST="$HOST" IM_HTTP_PORT="$MESSAGE_HTTP_PORT" \
    -- -jar message-service/target/lcim-message-service.jar
  start media "http://$HOST:$((m + 3))/readiness" "${common[@]}" CLUSTER_PORT=$((c + 2)) \
    IM_MANAGEMENT_PORT=$((m + 3)) IM_MEDIA_HOST="$HOST" IM_MEDIA_PORT="$MEDIA_PORT" \
    IM_PUBLIC_URL="http://$HOST:$MEDIA_PORT" -- -jar media-service/target/lcim-media-service.jar
  start gateway-a "http://$HOST:$((m + 4))/readiness" "${common[@]}" CLUSTER_PORT=$((c + 3)) \
    IM_MANAGEMENT_PORT=$((m + 4)) IM_HOST="$HOST" IM_PORT="$GATEWAY_A_PORT" -- -jar gateway/target/lcim-gateway.jar
  start gateway-b "http://$HOST:$((m + 5))/readiness" "${common[@]}" CLUSTER_PORT=$((c + 4)) \
    IM_MANAGEMENT_PORT=$((m + 5)) IM_HOST="$HOST" IM_PORT="$GATEWAY_B_PORT" -- -jar gateway/target/lcim-gateway.jar
  for i in message media gateway-a gateway-b; do await_ready "$i"; done

  cat <<EOF

lcim local cluster is up (app id $IM_APP_ID, app key $IM_APP_KEY):
  WebSocket (RTMServers)  ws://$HOST:$GATEWAY_A_PORT/  ws://$HOST:$GATEWAY_B_PORT/
  files (AV serverURL)    http://$HOST:$MEDIA_PORT
  history REST API        http://$HOST:$MESSAGE_HTTP_PORT
  MongoDB / Redis         mongodb://$HOST:$MONGO_PORT  redis://$HOST:$REDIS_PORT
  /readiness, /metrics    conversation :$((m + 1))  message :$((m + 2))  media :$((m + 3))
                          gateway-a :$((m + 4))  gateway-b :$((m + 5))
  logs                    $LOG_DIR
  pids                    $PID_DIR
Ctrl-C stops everything.

EOF
  # Keep running when a process dies (e.g. a gateway killed on purpose to try failover); just say so.
  local pid running
  while true; do
    wait -n 2>/dev/null || true
    running=0
    for i in "${NAMES[@]}"; do
      pid="${PIDS[$i]}"
      if kill -0 "$pid" 2>/dev/null; then
        running=$((running + 1))
      elif [[ -f "$PID_DIR/$i.pid" ]]; then
        log "$i (pid $pid) has exited; see $LOG_DIR/$i.log"
        rm -f "$PID_DIR/$i.pid"
      fi
    done
    (( running > 0 )) || die "every process has exited"
  done
}

main "$@"
