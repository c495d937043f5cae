# shellcheck shell=bash
# Redis: private, non-persistent instance (Debian redis-server >= 6.2 for ZUNION).

REDIS_DATA=$CDC_STACK_HOME/redis
REDIS_PIDFILE=$STACK_RUN_DIR/redis.pid
REDIS_LOG=$STACK_LOG_DIR/redis.log

redis_version() { redis-server --version | sed -n 's/.* v=\([0-9.]*\).*/\1/p'; }

redis_install() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  local v
  v=$(redis_version)
  version_ge "${v:-0}" "$STACK_REDIS_MIN_VERSION" ||
    die "redis: redis-server $v found, need >= $STACK_REDIS_MIN_VERSION"
  log "redis: redis-server $v"
}

redis_pid() { running_pid "$REDIS_PIDFILE" "redis-server"; }

redis_status() { print_status redis "$STACK_REDIS_PORT" "$(redis_pid || true)" "$STACK_REDIS_PORT"; }

redis_ping() { [[ "$(redis-cli -h 127.0.0.1 -p "$STACK_REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_up() {
  local pid
  command -v redis-server >/dev/null 2>&1 || die "redis: not installed (run: stack.sh install)"
  if pid=$(redis_pid) && port_open "$STACK_REDIS_PORT"; then
    log "redis: already running (pid $pid, port $STACK_REDIS_PORT)"
    return 0
  fi
  ensure_port_free redis "$STACK_REDIS_PORT"
  mkdir -p "$REDIS_DATA" "$(dirname "$REDIS_PIDFILE")"
  log "redis: starting on 127.0.0.1:$STACK_REDIS_PORT"
  redis-server --port "$STACK_REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --save "" --appendonly no --dir "$REDIS_DATA" \
    --pidfile "$REDIS_PIDFILE" --logfile "$REDIS_LOG" 9>&- ||
    die "redis: failed to start, see $REDIS_LOG"
  wait_until redis 20 redis_ping || die "redis: no PONG within 20s, see $REDIS_LOG"
}

redis_down() { stop_pid redis "$REDIS_PIDFILE" "redis-server" 20; }

redis_logfile() { printf '%s' "$REDIS_LOG"; }
