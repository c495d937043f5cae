/**
 * @cdc/sink-runtime: the framework side of every sink, as Kafka Connect splits it from a
 * SinkTask. It owns consumption of SINK_SOURCE_TOPICS (the live and backfill topics, or a
 * route topic; through @cdc/kafka's Nest transport), the target-sink filter, decoding, dead letters, retries, deferred offsets and
 * the `cdc_sink_*` metrics; a sink supplies a SinkTask. Depends on contracts, kafka and
 * platform only, never on a sink's store.
 */
export * from './lib/sink-task';
export * from './lib/sink-options';
export * from './lib/sink-source.config';
export * from './lib/sink-topics';
export * from './lib/sink-metrics';
export * from './lib/sink-dead-letters';
export * from './lib/sink-records.controller';
export * from './lib/sink-runtime.module';
