#!/usr/bin/env bash
# The pipeline benchmark (docs/benchmark.md): the local stack and the five built apps as
# `npm run dev` runs them, then steady rates and a burst; prints a table per run and writes JSON.
#   scripts/bench.sh                                  500..5,000 events/s for 30 s each, 100k burst
#   scripts/bench.sh --json tmp/bench/result.json     where the JSON goes (this is the default)
#   scripts/bench.sh --rates 1000,3000 --seconds 60 --burst 100000 --idle-seconds 20
#   scripts/bench.sh --smoke                          a short run that fails only if events are lost
# It never fails on a figure. Stop `npm run dev` first: its apps would share the machine's cores.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

ensure_node_deps
prepare_stack
say "Building the apps"
npx nx run-many -t build --projects='tag:type:app' --output-style=static >/dev/null ||
  die "build failed: npx nx run-many -t build --projects='tag:type:app'"
TS_NODE_PROJECT=e2e/pipeline/tsconfig.json exec node -r @swc-node/register -r tsconfig-paths/register \
  e2e/pipeline/src/bench/pipeline/pipeline.bench.ts "$@"
