/**
 * @cdc/bigquery-store: the BigQuery side of bigquery-sink. Config, the client (real BigQuery
 * or an emulator, by config only), the engagement table's schema (derived from the enriched
 * contract), layout, start-up compatibility check, idempotent MERGE inserts, readiness, and
 * the sink's write path (row batching, MERGE retry and bisection of rejected batches). Depends
 * on contracts, kafka, platform and sink-runtime (its dead letters and metrics), never on an app.
 */
export * from './lib/bigquery.config';
export * from './lib/bigquery-client.factory';
export * from './lib/bigquery-errors';
export * from './lib/engagement-table.schema';
export * from './lib/engagement-row';
export * from './lib/merge-statement';
export * from './lib/schema-compatibility';
export * from './lib/table-layout';
export * from './lib/engagement-table';
export * from './lib/bigquery-readiness';
export * from './lib/row-batcher';
export * from './lib/bigquery-write.metrics';
export * from './lib/batch-writer';
export * from './lib/bigquery-store.module';
