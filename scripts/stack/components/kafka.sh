# shellcheck shell=bash
# Kafka broker: single KRaft combined node (broker + controller), jars from Maven Central.

KAFKA_POM=$STACK_DIR/maven/kafka-broker/pom.xml
KAFKA_HOME_DIR=$CDC_STACK_HOME/kafka
KAFKA_PROPS=$KAFKA_HOME_DIR/server.properties
KAFKA_PIDFILE=$STACK_RUN_DIR/kafka.pid
KAFKA_LOG=$STACK_LOG_DIR/kafka.log

kafka_libdir() {
  printf '%s/kafka-broker-%s-%s/libs' "$CDC_STACK_CACHE" "$STACK_KAFKA_VERSION" "$(maven_cache_key "$KAFKA_POM")"
}

kafka_install() {
  copy_deps_cached "$KAFKA_POM" "$(kafka_libdir)"
  log "kafka: $STACK_KAFKA_VERSION jars in $(kafka_libdir)"
}

# kafka_java <main-class> [args...]: run a class on the broker classpath (tools included).
kafka_java() {
  local libs
  libs=$(kafka_libdir)
  [[ -f "$libs/.complete" ]] || die "kafka: jars missing (run: stack.sh install)"
  java -Dlog4j.configuration="file:$STACK_DIR/conf/kafka-log4j.properties" \
    -cp "$libs/*" "$@"
}

kafka_pid() { running_pid "$KAFKA_PIDFILE" "$KAFKA_PROPS"; }

kafka_status() {
  print_status kafka "$STACK_KAFKA_PORT,$STACK_KAFKA_CONTROLLER_PORT" "$(kafka_pid || true)" "$STACK_KAFKA_PORT"
}

kafka_write_config() {
  cat >"$KAFKA_PROPS" <<EOF
# Written by scripts/stack/components/kafka.sh on every 'up'; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$STACK_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$STACK_KAFKA_PORT,CONTROLLER://127.0.0.1:$STACK_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$STACK_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_HOME_DIR/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
# Apps create their topics with the partition count they need; auto-creation would race them
# (a consumer subscribing first would create a 1-partition topic).
auto.create.topics.enable=false
delete.topic.enable=true
log.retention.hours=168
log.segment.bytes=104857600
num.network.threads=2
num.io.threads=4
EOF
}

kafka_ready() {
  port_open "$STACK_KAFKA_PORT" && tail -c +"$1" "$KAFKA_LOG" 2>/dev/null | grep -q 'Kafka Server started'
}

kafka_up() {
  local pid libs offset
  libs=$(kafka_libdir)
  [[ -f "$libs/.complete" ]] || die "kafka: jars missing (run: stack.sh install)"
  if pid=$(kafka_pid) && port_open "$STACK_KAFKA_PORT"; then
    log "kafka: already running (pid $pid, port $STACK_KAFKA_PORT)"
    return 0
  fi
  [[ -z "${pid:-}" ]] || die "kafka: pid $pid is alive but port $STACK_KAFKA_PORT is closed (still starting? see $KAFKA_LOG)"
  ensure_port_free kafka "$STACK_KAFKA_PORT" "$STACK_KAFKA_CONTROLLER_PORT"
  mkdir -p "$KAFKA_HOME_DIR/data"
  kafka_write_config
  if [[ ! -f "$KAFKA_HOME_DIR/data/meta.properties" ]]; then
    [[ -s "$KAFKA_HOME_DIR/cluster.id" ]] ||
      kafka_java kafka.tools.StorageTool random-uuid >"$KAFKA_HOME_DIR/cluster.id"
    log "kafka: formatting storage (cluster $(cat "$KAFKA_HOME_DIR/cluster.id"))"
    kafka_java kafka.tools.StorageTool format -t "$(cat "$KAFKA_HOME_DIR/cluster.id")" \
      -c "$KAFKA_PROPS" -g >>"$KAFKA_LOG" 2>&1 || die "kafka: storage format failed, see $KAFKA_LOG"
  fi
  offset=$(($(stat -c %s "$KAFKA_LOG" 2>/dev/null || echo 0) + 1))
  log "kafka: starting on 127.0.0.1:$STACK_KAFKA_PORT (controller $STACK_KAFKA_CONTROLLER_PORT)"
  # shellcheck disable=SC2086 # heap opts are a word list
  start_bg "$KAFKA_PIDFILE" "$KAFKA_LOG" java $STACK_KAFKA_HEAP_OPTS -server -XX:+UseG1GC \
    -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true -Dkafka.logs.dir="$STACK_LOG_DIR" \
    -Dlog4j.configuration="file:$STACK_DIR/conf/kafka-log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$KAFKA_PROPS"
  wait_started kafka "$KAFKA_PIDFILE" "$KAFKA_PROPS" 90 "$KAFKA_LOG" kafka_ready "$offset"
}

kafka_down() { stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PROPS" 60; }

kafka_logfile() { printf '%s' "$KAFKA_LOG"; }
