#!/usr/bin/env bash
# The README's run command: the whole pipeline on this machine. Starts the local stack,
# applies migrations, registers Debezium, builds and starts the five apps (and the reference
# webhook receiver and the live page), runs the data generator and prints enriched events as
# they flow. The live page (tools/live-page, docs/live-page.md) is on http://127.0.0.1:3080/.
#   scripts/dev.sh            run until Ctrl-C
#   scripts/dev.sh 60         run for 60 seconds, then stop the apps (the stack stays up)
# Environment: GENERATOR_RATE (events/s, default 20).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
duration=${1:-0}
run_dir="$ROOT/.stack/dev"
mkdir -p "$run_dir/logs"

ensure_node_deps
prepare_stack
say "Building the apps"
npx nx run-many -t build --projects='tag:type:app,webhook-receiver,live-page' --output-style=static >"$run_dir/logs/build.log" 2>&1 ||
  die "build failed, see $run_dir/logs/build.log"

pids=()
cleanup() {
  trap - EXIT INT TERM
  say "Stopping the apps (the stack keeps running: npm run stack -- down)"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

start() { # name, port, command...
  local name=$1 port=$2
  shift 2
  (set -a && source "$ROOT/.env" && set +a && HTTP_PORT=$port exec "$@") >"$run_dir/logs/$name.log" 2>&1 &
  pids+=($!)
  printf '  %-16s http://127.0.0.1:%s   log: %s\n' "$name" "$port" "${run_dir#"$ROOT"/}/logs/$name.log"
}

say "Starting the apps"
if [[ -f dist/tools/webhook-receiver/main.js ]]; then
  start webhook-receiver 3090 node dist/tools/webhook-receiver/main.js
fi
start enrichment 3001 node dist/apps/enrichment/main.js
start redis-sink 3002 node dist/apps/redis-sink/main.js
start bigquery-sink 3003 node dist/apps/bigquery-sink/main.js
start webhook-sink 3004 node dist/apps/webhook-sink/main.js
start backfill 3005 node dist/apps/backfill/main.js
start live-page 3080 node dist/tools/live-page/main.js

say "Waiting for readiness (GET /health)"
for entry in enrichment:3001 redis-sink:3002 bigquery-sink:3003 webhook-sink:3004 backfill:3005; do
  name=${entry%%:*} port=${entry##*:} ready=no
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; then ready=yes && break; fi
    sleep 0.5
  done
  printf '  %-16s ready=%s\n' "$name" "$ready"
done

say "Live page: http://127.0.0.1:3080/ (top content, rates, lag, latency, dead letters, webhook; docs/live-page.md)"

say "Generating engagement events (${GENERATOR_RATE:-20}/s) and watching the enriched topic"
generator=(npx nx run data-generator:generate --output-style=static -- --rate "${GENERATOR_RATE:-20}")
((duration > 0)) && generator+=(--duration "$duration")
"${generator[@]}" >"$run_dir/logs/generator.log" 2>&1 &
pids+=($!)
if ((duration > 0)); then
  timeout "$duration" npx nx run data-generator:watch --output-style=static || true
  say "Top content over the last 10 minutes (redis-sink GET /top?by=seconds&limit=5)"
  curl -fs "http://127.0.0.1:3002/top?window=10m&by=seconds&limit=5" || echo "(redis-sink /top not available)"
  echo
else
  npx nx run data-generator:watch --output-style=static
fi
