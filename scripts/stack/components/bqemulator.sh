# shellcheck shell=bash
# BigQuery emulator (PyPI bqemulator, DuckDB-backed) in a cached virtualenv.

BQ_REQUIREMENTS=$STACK_DIR/bqemulator/requirements.txt
BQ_LAUNCHER=$STACK_DIR/bqemulator/launch.py
BQ_DATA=$CDC_STACK_HOME/bigquery
BQ_PIDFILE=$STACK_RUN_DIR/bqemulator.pid
BQ_LOG=$STACK_LOG_DIR/bqemulator.log
BQ_URL=http://127.0.0.1:$STACK_BQ_REST_PORT

bq_venv() {
  printf '%s/venv-bqemulator-%s-%s' "$CDC_STACK_CACHE" "$STACK_BQEMULATOR_VERSION" \
    "$(files_hash "$BQ_REQUIREMENTS")"
}

bq_install() {
  local venv
  venv=$(bq_venv)
  if [[ ! -f "$venv/.complete" ]]; then
    require_python
    log "bqemulator: creating $venv"
    rm -rf "$venv"
    "$(stack_python)" -m venv "$venv" || die "bqemulator: python -m venv failed"
    PIP_CACHE_DIR=$CDC_STACK_CACHE/pip PIP_DISABLE_PIP_VERSION_CHECK=1 \
      "$venv/bin/pip" install -q -r "$BQ_REQUIREMENTS" "bqemulator==$STACK_BQEMULATOR_VERSION" ||
      die "bqemulator: pip install failed"
    touch "$venv/.complete"
  fi
  log "bqemulator: $STACK_BQEMULATOR_VERSION in $venv"
}

bq_pid() { running_pid "$BQ_PIDFILE" "$BQ_LAUNCHER"; }

bq_status() {
  print_status bqemulator "$STACK_BQ_REST_PORT,$STACK_BQ_GRPC_PORT" "$(bq_pid || true)" "$STACK_BQ_REST_PORT"
}

bq_ready() { curl_ok "$BQ_URL/healthz" && port_open "$STACK_BQ_GRPC_PORT"; }

bq_up() {
  local pid venv
  venv=$(bq_venv)
  [[ -f "$venv/.complete" ]] || die "bqemulator: venv missing (run: stack.sh install)"
  if pid=$(bq_pid) && port_open "$STACK_BQ_REST_PORT"; then
    log "bqemulator: already running (pid $pid, rest $STACK_BQ_REST_PORT, grpc $STACK_BQ_GRPC_PORT)"
    return 0
  fi
  [[ -z "${pid:-}" ]] || die "bqemulator: pid $pid is alive but port $STACK_BQ_REST_PORT is closed (see $BQ_LOG)"
  ensure_port_free bqemulator "$STACK_BQ_REST_PORT" "$STACK_BQ_GRPC_PORT"
  mkdir -p "$BQ_DATA"
  log "bqemulator: starting (rest 127.0.0.1:$STACK_BQ_REST_PORT, grpc $STACK_BQ_GRPC_PORT, project $STACK_BQ_PROJECT)"
  # cwd = data dir: bqemulator reads an optional .bqemu.toml from its working directory.
  # Format extensions (avro) would be downloaded from the internet: disabled.
  (
    cd "$BQ_DATA" || exit 1
    export BQEMU_ENABLE_FORMAT_EXTENSIONS=false
    start_bg "$BQ_PIDFILE" "$BQ_LOG" \
      "$venv/bin/python" "$BQ_LAUNCHER" start \
      --rest-host 127.0.0.1 --rest-port "$STACK_BQ_REST_PORT" \
      --grpc-host 127.0.0.1 --grpc-port "$STACK_BQ_GRPC_PORT" \
      --persistent --data-dir "$BQ_DATA" --project "$STACK_BQ_PROJECT" \
      --log-level warning --log-format console
  )
  wait_started bqemulator "$BQ_PIDFILE" "$BQ_LAUNCHER" 60 "$BQ_LOG" bq_ready
}

bq_down() { stop_pid bqemulator "$BQ_PIDFILE" "$BQ_LAUNCHER" 30; }

bq_logfile() { printf '%s' "$BQ_LOG"; }
