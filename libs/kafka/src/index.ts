/**
 * @cdc/kafka: the only place that touches kafkajs. Batch consumers that commit only what
 * was applied, an awaitable idempotent publisher, topic administration, dead letters,
 * health and metrics. Depends on @cdc/platform and @cdc/contracts only.
 */
export * from './lib/kafka.config';
export * from './lib/consumer.config';
export * from './lib/kafka-records';
export * from './lib/offset-tracker';
export * from './lib/kafka-client';
export * from './lib/kafka-metrics';
export * from './lib/topic-admin';
export * from './lib/consumer-lag-monitor';
export * from './lib/record-publisher';
export * from './lib/dead-letter-publisher';
export * from './lib/batch-consumer';
export * from './lib/topic-wait';
export * from './lib/partition-failures';
export * from './lib/consumers-status';
export * from './lib/topic-tail';
export * from './lib/kafka.module';
export * from './lib/transport/kafka-batch.transport';
export * from './lib/transport/batch-errors.filter';
export * from './lib/transport/kafka-batch-transport.provider';
