/**
 * @cdc/contracts: the shapes that cross process boundaries (topic names, Kafka headers,
 * Debezium envelopes, the enriched event, dead letters) and their validation.
 * Must not depend on Nest, kafkajs or any I/O: every app and lib may import it.
 */
export * from './lib/topics';
export * from './lib/headers';
export * from './lib/sinks';
export * from './lib/json-value';
export * from './lib/debezium/debezium-envelope';
export * from './lib/debezium/source-rows';
export * from './lib/enriched-event/engagement-vocabulary';
export * from './lib/enriched-event/enriched-engagement-event.v1';
export * from './lib/enriched-event/validate-enriched-event';
export * from './lib/dead-letter/dead-letter-record';
