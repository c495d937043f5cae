#!/bin/bash
# First start of the compose Postgres (docker-entrypoint-initdb.d): the roles and database that
# scripts/stack/components/postgres.sh creates for the local stack. The schema itself comes from
# the migrate job; the publication from publication.sql once the tables exist.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_user="$CDC_PG_USER" -v app_pw="$CDC_PG_PASSWORD" -v app_db="$CDC_PG_DATABASE" \
  -v dbz_user="$CDC_DEBEZIUM_USER" -v dbz_pw="$CDC_DEBEZIUM_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I WITH LOGIN PASSWORD %L', :'app_user', :'app_pw') \gexec
SELECT format('CREATE ROLE %I WITH LOGIN REPLICATION PASSWORD %L', :'dbz_user', :'dbz_pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'app_db', :'dbz_user') \gexec
\connect :app_db
SELECT format('ALTER SCHEMA public OWNER TO %I', :'app_user') \gexec
GRANT USAGE ON SCHEMA public TO :"dbz_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" IN SCHEMA public GRANT SELECT ON TABLES TO :"dbz_user";
SQL
