/**
 * The end-to-end harness: one AppHarness per app (the same lifecycle and names for every
 * area), the ports, the base environment and the fixtures the specs read state through.
 * Specs import from here; builders and the Prometheus reader come from @cdc/testing.
 */
export * from './app-environment';
export * from './app-harness';
export * from './backfill-harness';
export * from './backfill-history';
export * from './bigquery-fixture';
export * from './bigquery-sink-harness';
export * from './enriched-records';
export * from './enrichment-harness';
export * from './ports';
export * from './postgres-ground-truth';
export * from './receiver-process';
export * from './redis-sink-api';
export * from './redis-sink-harness';
export * from './scratch-connector';
export * from './scratch-source';
export * from './webhook-sink-harness';
export * from './snapshot-connector';
