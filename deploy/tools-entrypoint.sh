#!/bin/sh
# Entry point of the `tools` image (Dockerfile target tools): operator jobs run from the sources.
#   migrate              apply the source schema migrations (what `npm run db:migrate` does)
#   generate [--rate N]  write engagement events into Postgres (the data generator)
# Both read PG_HOST, PG_PORT, PG_DATABASE, PG_USER, PG_PASSWORD from the environment.
set -eu
run_ts() { exec node -r @swc-node/register -r tsconfig-paths/register "$@"; }
command=${1:-migrate}
[ "$#" -gt 0 ] && shift
case "$command" in
  migrate) run_ts libs/source-db/src/cli/migrate.ts "$@" ;;
  generate) run_ts tools/data-generator/src/generate.ts "$@" ;;
  *) echo "usage: cdc-tools migrate | generate [--rate N] [--duration S] [--content N]" >&2; exit 64 ;;
esac
