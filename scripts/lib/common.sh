# shellcheck shell=bash
# Helpers shared by scripts/dev.sh and scripts/test.sh.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=${NX_SKIP_NX_CACHE:-false}

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Node >= 20.19 and the exact dependencies of package-lock.json (npm ci, re-run only when the lock changes).
ensure_node_deps() {
  command -v node >/dev/null || die "node is missing: install Node.js 20.19 or newer"
  command -v npm >/dev/null || die "npm is missing: install npm (comes with Node.js)"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    die "Node.js $(node -v) is too old: 20.19 or newer is needed"
  local stamp="$ROOT/node_modules/.lock-sha256" want
  want=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    say "Installing Node dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

# The local stack, the source schema and the Debezium connector, all idempotent.
prepare_stack() {
  say "Starting the local stack (PostgreSQL, Redis, Kafka, Kafka Connect + Debezium, BigQuery emulator)"
  bash "$ROOT/scripts/stack/stack.sh" up
  say "Applying migrations"
  (cd "$ROOT" && npm run -s db:migrate)
  say "Registering the Debezium connector"
  bash "$ROOT/scripts/stack/stack.sh" register-connector
}

# What only the tests need (chromium for the live page's browser test, promtool for the alerting
# rules), as Debian packages, idempotently; `npm run dev` does not call this.
ensure_test_tools() {
  say "Installing the test tools if absent (chromium, promtool)"
  bash "$ROOT/scripts/stack/stack.sh" install-test-tools
}
