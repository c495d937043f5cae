#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Local infrastructure for the engagement CDC pipeline, without Docker:
# PostgreSQL, Redis, Kafka (KRaft), Kafka Connect + Debezium, BigQuery emulator.
set -euo pipefail

STACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$STACK_DIR/lib/common.sh"
# shellcheck source=lib/maven.sh
source "$STACK_DIR/lib/maven.sh"
# shellcheck source=lib/test-tools.sh
source "$STACK_DIR/lib/test-tools.sh"
for _c in postgres redis kafka connect connector bqemulator; do
  # shellcheck source=/dev/null
  source "$STACK_DIR/components/$_c.sh"
done
unset _c

# component name -> function prefix, in start order
COMPONENTS=(postgres redis kafka connect bqemulator)
declare -A PREFIX=([postgres]=pg [redis]=redis [kafka]=kafka [connect]=connect [bqemulator]=bq)

usage() {
  cat <<EOF
Usage: scripts/stack/stack.sh <command> [args]

  install                  install Debian packages if absent, fetch jars/plugin/venv into the cache
  install-test-tools       install what only the tests need if absent: chromium, promtool (prometheus)
  up [component...]        install (warm cache: fast) and start components (default: all)
  down [component...]      stop components started by this stack (default: all)
  status                   one line per component: name, port(s), state, pid
  reset                    down + delete runtime data, logs and pids (keeps the cache)
  register-connector       create the publication and upsert + await the Debezium connector
  logs <component> [-f]    tail a component's log (STACK_LOG_LINES=100)
  env                      print connection settings as shell exports
  kafka-run <class> [args] run a Java class on the broker classpath (e.g. console consumer)

Components: ${COMPONENTS[*]}
Runtime dir: $CDC_STACK_HOME   Cache: $CDC_STACK_CACHE
EOF
}

SELECTED=()
select_components() { # validate args; SELECTED = chosen components in start order
  local c want
  for want in "$@"; do
    [[ -n "${PREFIX[$want]:-}" ]] || die "unknown component '$want' (one of: ${COMPONENTS[*]})"
  done
  SELECTED=()
  for c in "${COMPONENTS[@]}"; do
    if (($# == 0)) || [[ " $* " == *" $c "* ]]; then
      SELECTED+=("$c")
    fi
  done
}

with_lock() { # serialize commands that start/stop/delete things
  mkdir -p "$CDC_STACK_HOME"
  exec 9>"$CDC_STACK_HOME/.lock"
  flock -w 300 9 || die "another stack.sh command holds $CDC_STACK_HOME/.lock"
}

cmd_install() {
  local c
  ensure_dirs
  require_java
  select_components "$@"
  for c in "${SELECTED[@]}"; do
    "${PREFIX[$c]}_install"
  done
}

cmd_up() {
  local c started=$SECONDS
  cmd_install "$@"
  select_components "$@"
  for c in "${SELECTED[@]}"; do
    "${PREFIX[$c]}_up"
  done
  log "up: done in $((SECONDS - started))s"
  cmd_status "$@"
}

cmd_down() {
  local i
  select_components "$@"
  for ((i = ${#SELECTED[@]} - 1; i >= 0; i--)); do
    "${PREFIX[${SELECTED[i]}]}_down"
  done
}

cmd_status() {
  local c
  select_components "$@"
  for c in "${SELECTED[@]}"; do
    "${PREFIX[$c]}_status"
  done
}

cmd_reset() {
  local d
  cmd_down
  case "$CDC_STACK_HOME" in
    "" | / | "$HOME" | "$REPO_ROOT") die "refusing to delete CDC_STACK_HOME=$CDC_STACK_HOME" ;;
  esac
  # A cluster moved out of a private clone (components/postgres.sh) goes with its link.
  if [[ -L "$CDC_STACK_HOME/postgres" ]]; then
    rm -rf "$(readlink "$CDC_STACK_HOME/postgres")"
  fi
  for d in postgres redis kafka connect bigquery logs run; do
    rm -rf "${CDC_STACK_HOME:?}/$d"
  done
  log "reset: runtime data removed from $CDC_STACK_HOME (cache kept: $CDC_STACK_CACHE)"
}

cmd_logs() {
  local c=${1:-} names
  names=$(IFS='|' && printf '%s' "${COMPONENTS[*]}")
  [[ -n "$c" && -n "${PREFIX[$c]:-}" ]] || die "usage: stack.sh logs <$names> [-f]"
  tail_log "$("${PREFIX[$c]}_logfile")" "${2:-}"
}

cmd_env() {
  cat <<EOF
export DATABASE_URL=postgres://$STACK_PG_USER:$STACK_PG_PASSWORD@127.0.0.1:$STACK_PG_PORT/$STACK_PG_DB
export REDIS_URL=redis://127.0.0.1:$STACK_REDIS_PORT
export KAFKA_BROKERS=127.0.0.1:$STACK_KAFKA_PORT
export KAFKA_CONNECT_URL=http://127.0.0.1:$STACK_CONNECT_PORT
export BIGQUERY_EMULATOR_HOST=http://127.0.0.1:$STACK_BQ_REST_PORT
export BIGQUERY_STORAGE_EMULATOR_HOST=127.0.0.1:$STACK_BQ_GRPC_PORT
export BIGQUERY_PROJECT_ID=$STACK_BQ_PROJECT
EOF
}

main() {
  local cmd=${1:-}
  if (($# > 0)); then shift; fi
  case "$cmd" in
    install) with_lock; cmd_install "$@" ;;
    install-test-tools) with_lock; ensure_dirs; test_tools_install ;;
    up) with_lock; cmd_up "$@" ;;
    down) with_lock; cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    reset) with_lock; cmd_reset ;;
    register-connector) register_connector ;;
    logs) cmd_logs "$@" ;;
    env) cmd_env ;;
    kafka-run) kafka_java "$@" ;;
    -h | --help | help | "") usage ;;
    *)
      usage >&2
      die "unknown command '$cmd'"
      ;;
  esac
}

main "$@"
