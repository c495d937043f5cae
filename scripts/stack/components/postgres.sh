# shellcheck shell=bash
# PostgreSQL: private cluster under $CDC_STACK_HOME/postgres, logical decoding on.

PG_ROOT=$CDC_STACK_HOME/postgres
PG_LOG=$STACK_LOG_DIR/postgres.log

# As root the server runs as the postgres OS user, which must reach its data directory. A clone
# in a private directory (root's home is mode 700) is out of its reach, so the cluster then lives
# in /var/lib/engagement-cdc/<hash of CDC_STACK_HOME>, with its log beside it and a link to it
# at the usual place; `stack.sh reset` removes both.
pg_private_root() {
  [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1 || return 1
  mkdir -p "$CDC_STACK_HOME"
  ! runuser -u postgres -- test -x "$CDC_STACK_HOME" 2>/dev/null
}
# Decided again by pg_up: on a fresh machine the postgres user exists only after the install.
pg_paths() {
  if pg_private_root; then
    PG_ROOT=/var/lib/engagement-cdc/$(printf '%s' "$CDC_STACK_HOME" | sha256sum | cut -c1-16)/postgres
    PG_LOG=$PG_ROOT/postgres.log
    mkdir -p "$PG_ROOT" "$STACK_LOG_DIR"
    chmod 755 "$(dirname "$PG_ROOT")" /var/lib/engagement-cdc
    [[ -e "$CDC_STACK_HOME/postgres" && ! -L "$CDC_STACK_HOME/postgres" ]] && rm -rf "$CDC_STACK_HOME/postgres"
    ln -sfn "$PG_ROOT" "$CDC_STACK_HOME/postgres"
    ln -sfn "$PG_LOG" "$STACK_LOG_DIR/postgres.log"
  fi
  PG_DATA=$PG_ROOT/data
  PG_SOCK=$PG_ROOT/run
}
pg_paths

pg_bindir() {
  if [[ -n "${STACK_PG_BINDIR:-}" ]]; then
    printf '%s' "$STACK_PG_BINDIR"
    return
  fi
  local d
  d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n1)
  [[ -n "$d" && -x "$d/pg_ctl" ]] && printf '%s' "$d"
}

# Run a PostgreSQL server binary as the postgres OS user (the server refuses root).
pg_as() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# chown to the postgres OS user when running as root (no-op otherwise)
chown_pg() { [[ $EUID -ne 0 ]] || chown postgres: "$@"; }

pg_install() {
  if [[ -z "$(pg_bindir)" ]]; then
    apt_install postgresql postgresql-client
  fi
  local bin major
  bin=$(pg_bindir) || true
  [[ -n "$bin" ]] || die "postgresql: no server binaries found under /usr/lib/postgresql/*/bin (set STACK_PG_BINDIR)"
  major=$("$bin/pg_ctl" --version | awk '{print $NF}' | cut -d. -f1)
  ((major >= STACK_PG_MIN_MAJOR)) || die "postgresql: version $major found, need >= $STACK_PG_MIN_MAJOR"
  if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
    die "postgresql: OS user 'postgres' is missing (install the Debian postgresql package)"
  fi
  log "postgresql: $("$bin/pg_ctl" --version) ($bin)"
}

pg_pid() { running_pid "$PG_DATA/postmaster.pid" "$PG_DATA"; }

pg_status() { print_status postgres "$STACK_PG_PORT" "$(pg_pid || true)" "$STACK_PG_PORT"; }

pg_write_config() {
  cat >"$PG_DATA/stack.conf" <<EOF
# Written by scripts/stack/components/postgres.sh on every 'up'; edits are lost.
listen_addresses = '127.0.0.1'
port = $STACK_PG_PORT
unix_socket_directories = '$PG_SOCK'
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
# A slot whose connector is stopped keeps WAL until the disk is full; past this size PostgreSQL
# invalidates the slot instead (wal_status 'lost', alert ReplicationSlotLost; recovery in
# deploy/debezium/README.md). Applies from the next start of the cluster.
max_slot_wal_keep_size = $STACK_PG_MAX_SLOT_WAL_KEEP_SIZE
wal_writer_delay = 10ms
synchronous_commit = on
password_encryption = 'scram-sha-256'
timezone = 'UTC'
log_timezone = 'UTC'
EOF
  # md5 accepts both md5- and SCRAM-stored passwords (SCRAM is negotiated for the latter).
  cat >"$PG_DATA/pg_hba.conf" <<EOF
# Written by scripts/stack/components/postgres.sh on every 'up'; edits are lost.
# The unix socket lives in a 0700 directory owned by postgres.
local   all           all                        trust
host    all           all           127.0.0.1/32 md5
host    replication   all           127.0.0.1/32 md5
EOF
  chown_pg "$PG_DATA/stack.conf" "$PG_DATA/pg_hba.conf"
}

pg_init() {
  local bin=$1
  mkdir -p "$PG_ROOT"
  chown_pg "$PG_ROOT"
  pg_as test -w "$PG_ROOT" ||
    die "postgresql: user postgres cannot write $PG_ROOT (a parent directory is not traversable?)"
  log "postgresql: initdb $PG_DATA"
  pg_as "$bin/initdb" -D "$PG_DATA" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=md5 >>"$PG_LOG" 2>&1 || die "postgresql: initdb failed, see $PG_LOG"
  printf "\ninclude = 'stack.conf'\n" >>"$PG_DATA/postgresql.conf"
}

psql_admin() {
  pg_as "$(pg_bindir)/psql" -h "$PG_SOCK" -p "$STACK_PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"
}

# Roles, database and grants; idempotent (passwords are re-applied on every up).
pg_bootstrap() {
  psql_admin -d postgres \
    -v app_user="$STACK_PG_USER" -v app_pw="$STACK_PG_PASSWORD" -v app_db="$STACK_PG_DB" \
    -v dbz_user="$STACK_DEBEZIUM_USER" -v dbz_pw="$STACK_DEBEZIUM_PASSWORD" -f - <<'SQL'
SELECT format('CREATE ROLE %I', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
-- SUPERUSER: tests use SET session_replication_role
SELECT format('ALTER ROLE %I WITH LOGIN SUPERUSER PASSWORD %L', :'app_user', :'app_pw') \gexec
SELECT format('CREATE ROLE %I', :'dbz_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'dbz_user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN REPLICATION PASSWORD %L', :'dbz_user', :'dbz_pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'app_db', :'dbz_user') \gexec
\connect :app_db
GRANT USAGE ON SCHEMA public TO :"dbz_user";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"dbz_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" IN SCHEMA public GRANT SELECT ON TABLES TO :"dbz_user";
SQL
}

pg_up() {
  local bin pid
  bin=$(pg_bindir) || die "postgresql: not installed (run: stack.sh install)"
  pg_paths
  if pid=$(pg_pid) && port_open "$STACK_PG_PORT"; then
    log "postgresql: already running (pid $pid, port $STACK_PG_PORT)"
    return 0
  fi
  ensure_port_free postgresql "$STACK_PG_PORT"
  touch "$PG_LOG"
  chown_pg "$PG_LOG"
  [[ -f "$PG_DATA/PG_VERSION" ]] || pg_init "$bin"
  mkdir -p "$PG_SOCK"
  chmod 700 "$PG_SOCK"
  chown_pg "$PG_SOCK"
  pg_write_config
  log "postgresql: starting on 127.0.0.1:$STACK_PG_PORT"
  pg_as "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null 9>&- ||
    die "postgresql: failed to start, see $PG_LOG"
  pg_bootstrap || die "postgresql: bootstrap (roles, database, grants) failed"
  log "postgresql: ready (db=$STACK_PG_DB user=$STACK_PG_USER)"
}

pg_down() {
  local bin
  if ! pg_pid >/dev/null; then
    log "postgresql: not running"
    return 0
  fi
  bin=$(pg_bindir)
  log "postgresql: stopping"
  pg_as "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null ||
    warn "postgresql: pg_ctl stop failed"
}

pg_logfile() { printf '%s' "$PG_LOG"; }
