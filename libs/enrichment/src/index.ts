/**
 * @cdc/enrichment: the pure enrichment logic shared by the live enrichment service and the
 * backfill. Decodes Debezium rows, joins an event with its content and derives the
 * engagement figures. No I/O, no Nest, no Kafka: only @cdc/contracts.
 */
export * from './lib/domain-records';
export * from './lib/decoded';
export * from './lib/engagement-math';
export * from './lib/timestamps';
export * from './lib/stream-position';
export * from './lib/decode-change-record';
export * from './lib/decode-engagement-event';
export * from './lib/decode-content';
export * from './lib/enrich-engagement-event';
export * from './lib/content-catalog';
