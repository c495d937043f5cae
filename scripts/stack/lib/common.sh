# shellcheck shell=bash
# Shared helpers for scripts/stack: logging, paths, process and port handling.

STACK_DIR=${STACK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
REPO_ROOT=${REPO_ROOT:-$(cd "$STACK_DIR/../.." && pwd)}

# Export everything from stack.env so child processes (mvn, python, envsubst) see it.
set -a
# shellcheck source-path=SCRIPTDIR source=../stack.env
source "$STACK_DIR/stack.env"
set +a

export CDC_STACK_HOME=${CDC_STACK_HOME:-$REPO_ROOT/.stack}
STACK_LOG_DIR=$CDC_STACK_HOME/logs
STACK_RUN_DIR=$CDC_STACK_HOME/run

# ---------------------------------------------------------------- logging ----
log() { printf '[stack] %s\n' "$*" >&2; }
warn() { printf '[stack] WARN: %s\n' "$*" >&2; }
die() {
  printf '[stack] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------- requirements ----
require_cmd() { # require_cmd <command> [hint]
  command -v "$1" >/dev/null 2>&1 || die "required command '$1' not found${2:+ ($2)}"
}

# version_ge <have> <want>: true when dotted version have >= want.
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

require_java() {
  require_cmd java "install a JDK 17+, e.g. apt-get install openjdk-17-jdk-headless"
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
  if [[ -z "$v" ]] || ! version_ge "$v" 17; then
    die "java 17+ is required (found java ${v:-unknown})"
  fi
}

require_mvn() { require_cmd mvn "install Maven 3.6+, e.g. apt-get install maven"; }

stack_python() { printf '%s' "${STACK_PYTHON:-python3}"; }

require_python() {
  local py v
  py=$(stack_python)
  require_cmd "$py" "Python 3.11+ is needed for the BigQuery emulator"
  v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) ||
    die "'$py' does not run"
  version_ge "$v" 3.11 ||
    die "python3 >= 3.11 is required for bqemulator (found $py $v; set STACK_PYTHON)"
  "$py" -c 'import venv, ensurepip' 2>/dev/null ||
    die "'$py' lacks the venv/ensurepip modules (apt-get install python3-venv)"
}

# ------------------------------------------------------------------- apt ----
_STACK_APT_UPDATED=0

# apt_install <package...>: non-interactive install that never starts system services.
apt_install() {
  require_cmd apt-get "needed to install: $*"
  [[ $EUID -eq 0 ]] || die "installing $* needs root (apt-get); run as root or install them yourself"
  local policy=/usr/sbin/policy-rc.d created_policy=0
  # policy-rc.d exit 101 tells invoke-rc.d not to start daemons in postinst
  # (otherwise redis-server/postgresql would start system instances on 6379/5432).
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
  fi
  local rc=0 aptlog=$CDC_STACK_CACHE/apt.log
  mkdir -p "$CDC_STACK_CACHE"
  log "apt-get install $* (non-interactive, output in $aptlog)"
  {
    if [[ $_STACK_APT_UPDATED -eq 0 ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq && _STACK_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@"
  } >"$aptlog" 2>&1 || rc=$?
  if [[ $created_policy -eq 1 ]]; then rm -f "$policy"; fi
  if [[ $rc -ne 0 ]]; then
    tail -n 20 "$aptlog" >&2
    die "apt-get install $* failed (exit $rc), see $aptlog"
  fi
}

# ----------------------------------------------------------------- files ----
ensure_dirs() { mkdir -p "$CDC_STACK_HOME" "$STACK_LOG_DIR" "$STACK_RUN_DIR" "$CDC_STACK_CACHE"; }

# short content hash of files, used to key cache entries by their definition
files_hash() { cat "$@" | sha256sum | cut -c1-10; }

# ------------------------------------------------------- ports/processes ----
port_open() { # port_open <port> [host]
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "${2:-127.0.0.1}" "$1" 2>/dev/null
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

read_pid() { [[ -s "$1" ]] && head -n1 "$1" | tr -dc '0-9'; }

# pid_matches <pid> <pattern>: the process' command line contains pattern
# (guards against a stale pid file pointing at a recycled pid).
pid_matches() {
  pid_alive "$1" || return 1
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# running_pid <pidfile> <pattern>: print the pid if our process is alive.
running_pid() {
  local pid
  pid=$(read_pid "$1") || return 1
  pid_matches "$pid" "$2" || return 1
  printf '%s' "$pid"
}

# ensure_port_free <component> <port...>: fail when a foreign process holds a port.
ensure_port_free() {
  local name=$1 port
  shift
  for port in "$@"; do
    if port_open "$port"; then
      die "$name: port $port on 127.0.0.1 is already in use by a process this stack did not start (override the port in scripts/stack/stack.env)"
    fi
  done
}

# start_bg <pidfile> <logfile> <cmd...>: start detached, record the pid.
start_bg() {
  local pidfile=$1 logfile=$2
  shift 2
  mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
  # 9>&-: do not leak the stack.sh lock descriptor into the daemon
  setsid nohup "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  printf '%s\n' "$!" >"$pidfile"
}

# stop_pid <name> <pidfile> <pattern> [timeout_s]: TERM, wait, then KILL.
stop_pid() {
  local name=$1 pidfile=$2 pattern=$3 timeout=${4:-30} pid i
  if ! pid=$(running_pid "$pidfile" "$pattern"); then
    rm -f "$pidfile"
    log "$name: not running"
    return 0
  fi
  log "$name: stopping (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    warn "$name: still running after ${timeout}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$pidfile"
}

# wait_until <description> <timeout_s> <cmd...>: poll cmd every 0.2s.
wait_until() {
  local what=$1 timeout=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
  log "$what: ready"
}

# wait_started <name> <pidfile> <pattern> <timeout_s> <log> <ready-cmd...>:
# like wait_until, but fails at once when the started process dies.
wait_started() {
  local what=$1 pidfile=$2 pattern=$3 timeout=$4 logfile=$5 deadline
  shift 5
  deadline=$((SECONDS + timeout))
  until "$@"; do
    running_pid "$pidfile" "$pattern" >/dev/null || {
      tail -n 20 "$logfile" >&2 || true
      die "$what: process exited during startup, see $logfile"
    }
    ((SECONDS < deadline)) || die "$what: not ready within ${timeout}s, see $logfile"
    sleep 0.2
  done
  log "$what: ready"
}

# print_status <name> <ports> <pid-or-empty> <main-port>
print_status() {
  local name=$1 ports=$2 pid=$3 port=$4 state=down
  if [[ -n "$pid" ]] && port_open "$port"; then
    state=up
  elif [[ -n "$pid" ]]; then
    state=starting
  elif port_open "$port"; then
    state=foreign
  fi
  printf '%-11s port=%-12s state=%-8s pid=%s\n' "$name" "$ports" "$state" "${pid:--}"
}

# tail_log <file> [-f]
tail_log() {
  [[ -f "$1" ]] || die "no log file yet: $1"
  if [[ "${2:-}" == "-f" ]]; then
    tail -n "${STACK_LOG_LINES:-100}" -F "$1"
  else
    tail -n "${STACK_LOG_LINES:-100}" "$1"
  fi
}

curl_ok() { curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null; }
