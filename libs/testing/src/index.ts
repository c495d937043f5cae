/**
 * @cdc/testing: fixtures for tests against the real local stack (Postgres, Kafka, Redis,
 * BigQuery emulator), builders for rows, enriched events and their records, and the reader of
 * Prometheus text. Test code only; apps never import it.
 */
export * from './lib/stack-environment';
export * from './lib/source-db.fixture';
export * from './lib/row-builders';
export * from './lib/enriched-builders';
export * from './lib/kafka.fixture';
export * from './lib/app-process';
export * from './lib/wait-until';
export * from './lib/prometheus-text';
export * from './lib/tcp-proxy';
export * from './lib/bigquery-fault-proxy';
