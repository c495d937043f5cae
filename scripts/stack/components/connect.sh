# shellcheck shell=bash
# Kafka Connect worker (distributed mode, own JVM/classpath) + Debezium PostgreSQL plugin.

CONNECT_POM=$STACK_DIR/maven/kafka-connect/pom.xml
CONNECT_HOME_DIR=$CDC_STACK_HOME/connect
CONNECT_PROPS=$CONNECT_HOME_DIR/worker.properties
CONNECT_PIDFILE=$STACK_RUN_DIR/connect.pid
CONNECT_LOG=$STACK_LOG_DIR/connect.log
CONNECT_URL=http://127.0.0.1:$STACK_CONNECT_PORT

connect_libdir() {
  printf '%s/kafka-connect-%s-%s/libs' "$CDC_STACK_CACHE" "$STACK_KAFKA_VERSION" "$(maven_cache_key "$CONNECT_POM")"
}

connect_plugindir() {
  printf '%s/debezium-postgres-%s/plugins' "$CDC_STACK_CACHE" "$STACK_DEBEZIUM_VERSION"
}

connect_install() {
  local plugins
  copy_deps_cached "$CONNECT_POM" "$(connect_libdir)"
  plugins=$(connect_plugindir)
  if [[ ! -f "$plugins/.complete" ]]; then
    require_java
    require_mvn
    log "maven: unpacking debezium-connector-postgres $STACK_DEBEZIUM_VERSION into $plugins"
    rm -rf "$plugins.tmp"
    mvn_stack "$CONNECT_POM" dependency:unpack@debezium-plugin -Dstack.plugin.dir="$plugins.tmp" ||
      die "maven: could not fetch the Debezium plugin archive"
    [[ -d "$plugins.tmp/debezium-connector-postgres" ]] || die "debezium: unexpected plugin archive layout"
    rm -rf "$plugins"
    mv "$plugins.tmp" "$plugins"
    touch "$plugins/.complete"
  fi
  log "connect: kafka $STACK_KAFKA_VERSION worker jars + debezium $STACK_DEBEZIUM_VERSION plugin cached"
}

connect_pid() { running_pid "$CONNECT_PIDFILE" "$CONNECT_PROPS"; }

connect_status() { print_status connect "$STACK_CONNECT_PORT" "$(connect_pid || true)" "$STACK_CONNECT_PORT"; }

connect_write_config() {
  mkdir -p "$CONNECT_HOME_DIR"
  cat >"$CONNECT_PROPS" <<EOF
# Written by scripts/stack/components/connect.sh on every 'up'; edits are lost.
bootstrap.servers=127.0.0.1:$STACK_KAFKA_PORT
group.id=$STACK_CONNECT_GROUP_ID
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false
config.storage.topic=$STACK_CONNECT_GROUP_ID-configs
offset.storage.topic=$STACK_CONNECT_GROUP_ID-offsets
status.storage.topic=$STACK_CONNECT_GROUP_ID-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.storage.partitions=1
status.storage.partitions=1
offset.flush.interval.ms=1000
listeners=http://127.0.0.1:$STACK_CONNECT_PORT
rest.advertised.host.name=127.0.0.1
rest.advertised.port=$STACK_CONNECT_PORT
plugin.path=$(connect_plugindir)
topic.creation.enable=true
# scan plugin.path classically; Debezium 3.2 lacks ServiceLoader manifests for some SMTs
plugin.discovery=only_scan
# single worker: reassign tasks of a crashed worker at once instead of after 5 minutes
scheduled.rebalance.max.delay.ms=0
EOF
}

connect_ready() {
  curl_ok "$CONNECT_URL/connectors" &&
    curl -fsS --max-time 5 "$CONNECT_URL/connector-plugins" 2>/dev/null | grep -q 'PostgresConnector'
}

connect_up() {
  local pid libs
  libs=$(connect_libdir)
  [[ -f "$libs/.complete" && -f "$(connect_plugindir)/.complete" ]] ||
    die "connect: jars or Debezium plugin missing (run: stack.sh install)"
  if pid=$(connect_pid) && port_open "$STACK_CONNECT_PORT"; then
    log "connect: already running (pid $pid, port $STACK_CONNECT_PORT)"
    return 0
  fi
  [[ -z "${pid:-}" ]] || die "connect: pid $pid is alive but port $STACK_CONNECT_PORT is closed (still starting? see $CONNECT_LOG)"
  port_open "$STACK_KAFKA_PORT" || die "connect: kafka is not up on port $STACK_KAFKA_PORT"
  ensure_port_free connect "$STACK_CONNECT_PORT"
  connect_write_config
  log "connect: starting on 127.0.0.1:$STACK_CONNECT_PORT"
  # shellcheck disable=SC2086 # heap opts are a word list
  start_bg "$CONNECT_PIDFILE" "$CONNECT_LOG" java $STACK_CONNECT_HEAP_OPTS -server -XX:+UseG1GC \
    -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true -Dkafka.logs.dir="$STACK_LOG_DIR" \
    -Dlog4j.configuration="file:$STACK_DIR/conf/connect-log4j.properties" \
    -cp "$libs/*" org.apache.kafka.connect.cli.ConnectDistributed "$CONNECT_PROPS"
  wait_started connect "$CONNECT_PIDFILE" "$CONNECT_PROPS" 180 "$CONNECT_LOG" connect_ready
}

connect_down() { stop_pid connect "$CONNECT_PIDFILE" "$CONNECT_PROPS" 60; }

connect_logfile() { printf '%s' "$CONNECT_LOG"; }
