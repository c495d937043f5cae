# shellcheck shell=bash
# register-connector: prepare PostgreSQL for Debezium and upsert the connector config.
#
# Publication choice: the publication is created here, by the application role
# (owner of the tables), and Debezium runs with publication.autocreate.mode=disabled.
# With "filtered" Debezium itself would CREATE/ALTER the publication, which needs
# ownership of the tables (or superuser) — the debezium role only has REPLICATION +
# SELECT. Re-running keeps the publication's table list in sync (ALTER ... SET TABLE).
# The heartbeat table (public.cdc_heartbeat, created by the migrations) is one of the
# table.include.list tables: Debezium's heartbeat.action.query upserts its row, so the role
# also gets INSERT and UPDATE on it (deploy/debezium/README.md, WAL retention).

CONNECTOR_TEMPLATE=${STACK_CONNECTOR_TEMPLATE:-$REPO_ROOT/deploy/debezium/connector.template.json}

psql_app() {
  PGPASSWORD=$STACK_PG_PASSWORD "$(pg_bindir)/psql" -h 127.0.0.1 -p "$STACK_PG_PORT" -U "$STACK_PG_USER" \
    -d "$STACK_PG_DB" -X -q -v ON_ERROR_STOP=1 "$@"
}

# connector_prepare_db <comma-separated tables>: the table.include.list of the config
# (plain schema.table names, no regexes).
connector_prepare_db() {
  local tables=$1 t missing=()
  local -a list
  IFS=, read -ra list <<<"$tables"
  for t in "${list[@]}"; do
    [[ "$(psql_app -tA -c "SELECT to_regclass('$t') IS NOT NULL")" == t ]] || missing+=("$t")
  done
  ((${#missing[@]} == 0)) ||
    die "register-connector: table(s) ${missing[*]} do not exist yet (run the migrations first)"
  psql_app -v pub="$STACK_CDC_PUBLICATION" -v tables="$tables" -v dbz="$STACK_DEBEZIUM_USER" -f - <<'SQL'
SELECT format('ALTER TABLE %s REPLICA IDENTITY FULL', t)
  FROM unnest(string_to_array(:'tables', ',')) AS t \gexec
SELECT format('GRANT SELECT ON %s TO %I', :'tables', :'dbz') \gexec
SELECT format('GRANT INSERT, UPDATE ON %s TO %I', t, :'dbz')
  FROM unnest(string_to_array(:'tables', ',')) AS t WHERE t = 'public.cdc_heartbeat' \gexec
SELECT format('CREATE PUBLICATION %I FOR TABLE %s', :'pub', :'tables')
 WHERE NOT EXISTS (SELECT FROM pg_publication WHERE pubname = :'pub') \gexec
SELECT format('ALTER PUBLICATION %I SET TABLE %s', :'pub', :'tables') \gexec
SQL
  log "register-connector: publication $STACK_CDC_PUBLICATION = $tables (replica identity full)"
}

# render_template <file>: replace ${VAR} with environment values; unset VAR is an error.
render_template() {
  "$(stack_python)" - "$1" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
missing = sorted({m for m in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", text) if m not in os.environ})
if missing:
    sys.exit("template variables not set: " + ", ".join(missing))
print(re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", lambda m: os.environ[m.group(1)], text))
PY
}

connector_config_json() {
  render_template "$CONNECTOR_TEMPLATE" |
    "$(stack_python)" -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["config"]))'
}

# json_get <key>: read a key of the JSON object on stdin
json_get() { "$(stack_python)" -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# connector_state: prints "<connector-state> <task-states...>" or nothing.
connector_state() {
  curl -fsS --max-time 5 "$CONNECT_URL/connectors/$STACK_CONNECTOR_NAME/status" 2>/dev/null |
    "$(stack_python)" -c '
import json, sys
s = json.load(sys.stdin)
print(s["connector"]["state"], *[t["state"] for t in s.get("tasks", [])])' 2>/dev/null || true
}

connector_print_failure() {
  curl -fsS --max-time 5 "$CONNECT_URL/connectors/$STACK_CONNECTOR_NAME/status" |
    "$(stack_python)" -c '
import json, sys
s = json.load(sys.stdin)
for part in [s["connector"], *s.get("tasks", [])]:
    if part.get("state") == "FAILED":
        print("--- %s %s" % ("task %s" % part["id"] if "id" in part else "connector", part["state"]))
        print(part.get("trace", "(no trace)"))' >&2 || true
}

register_connector() {
  [[ -f "$CONNECTOR_TEMPLATE" ]] || die "register-connector: template $CONNECTOR_TEMPLATE not found"
  curl_ok "$CONNECT_URL/connectors" || die "register-connector: Kafka Connect is not up (run: stack.sh up)"
  port_open "$STACK_PG_PORT" || die "register-connector: postgresql is not up"
  ensure_dirs
  local body code state deadline settled=0
  body=$(connector_config_json) || die "register-connector: could not render $CONNECTOR_TEMPLATE"
  connector_prepare_db "$(json_get table.include.list <<<"$body" | tr -d ' ')"
  code=$(curl -sS -o "$STACK_RUN_DIR/connector-put.json" -w '%{http_code}' --max-time 60 \
    -X PUT -H 'Content-Type: application/json' --data "$body" \
    "$CONNECT_URL/connectors/$STACK_CONNECTOR_NAME/config") || code=000
  case "$code" in
    200 | 201) log "register-connector: $STACK_CONNECTOR_NAME config upserted (HTTP $code)" ;;
    *) die "register-connector: PUT config failed (HTTP $code): $(cat "$STACK_RUN_DIR/connector-put.json" 2>/dev/null)" ;;
  esac
  deadline=$((SECONDS + ${STACK_CONNECTOR_TIMEOUT:-90}))
  while :; do
    state=$(connector_state)
    if [[ "$state" == *FAILED* ]]; then
      connector_print_failure
      die "register-connector: $STACK_CONNECTOR_NAME FAILED (states: $state); log: $CONNECT_LOG"
    fi
    # RUNNING connector with at least one task, all tasks RUNNING; then re-check once
    # after a short settle so an early streaming failure is not reported as success.
    if [[ "$state" =~ ^RUNNING(\ RUNNING)+$ && $settled -eq 0 ]]; then
      settled=1
      sleep "${STACK_CONNECTOR_SETTLE:-2}"
      continue
    fi
    if [[ "$state" =~ ^RUNNING(\ RUNNING)+$ ]]; then
      log "register-connector: $STACK_CONNECTOR_NAME RUNNING (topics ${CDC_TOPIC_PREFIX}.public.content, ${CDC_TOPIC_PREFIX}.public.engagement_events, ${CDC_TOPIC_PREFIX}.public.cdc_heartbeat)"
      return 0
    fi
    ((SECONDS < deadline)) || die "register-connector: not RUNNING after ${STACK_CONNECTOR_TIMEOUT:-90}s (states: ${state:-none})"
    sleep 0.5
  done
}
