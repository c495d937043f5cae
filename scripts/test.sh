#!/usr/bin/env bash
# Every test, against the real local stack: lint, typecheck, format, unit tests, end-to-end tests,
# and a smoke run of the benchmark.
# Installs what is missing (Debian packages, jars, the emulator, node_modules, and the test tools
# chromium and promtool) with caching.
# Ends with one line "N passed, N failed" over all unit and end-to-end tests.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"
started=$SECONDS

ensure_node_deps
ensure_test_tools
prepare_stack

results="$ROOT/tmp/test-results"
rm -rf "$results" && mkdir -p "$results"
failed_steps=()
run_step() { # name, command...
  local name=$1
  shift
  say "$name"
  "$@" || failed_steps+=("$name")
}

run_step "Lint and typecheck" npx nx run-many -t lint typecheck --output-style=static
run_step "Format check" npx prettier --check . --log-level warn
run_step "Build the apps" npx nx run-many -t build --projects='tag:type:app,live-page' --output-style=static
run_step "Unit tests" npx jest -c jest.config.ts --ci --json --outputFile="$results/unit.json"
run_step "End-to-end tests on the local stack" npx jest -c e2e/pipeline/jest.config.cts --ci --runInBand --json --outputFile="$results/e2e.json"
# A short run of npm run bench so that it cannot rot: it fails only if a stage loses events.
run_step "Benchmark smoke run" bash "$ROOT/scripts/bench.sh" --smoke --json "$results/bench-smoke.json"

say "Summary ($((SECONDS - started)) s)"
node "$ROOT/scripts/lib/summarize-jest.mjs" "$results/unit.json" "$results/e2e.json"
if ((${#failed_steps[@]} > 0)); then
  printf 'failed steps: %s\n' "${failed_steps[*]}" >&2
  exit 1
fi
