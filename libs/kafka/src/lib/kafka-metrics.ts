import { MetricsRegistry } from '@cdc/platform';
import { Injectable } from '@nestjs/common';

/** Pipeline metrics shared by every Kafka-facing app; names are documented in the README. */
@Injectable()
export class KafkaMetrics {
  readonly consumed;
  readonly produced;
  readonly deadLettered;
  readonly payloadsOmitted;
  readonly produceSplits;
  readonly oversizedRecords;
  readonly failed;
  readonly lag;
  readonly batchSize;
  readonly batchSeconds;

  constructor(metrics: MetricsRegistry) {
    this.consumed = metrics.counter('cdc_records_consumed_total', 'Records consumed', ['topic']);
    this.produced = metrics.counter(
      'cdc_records_produced_total',
      'Records produced and acknowledged',
      ['topic'],
    );
    this.deadLettered = metrics.counter(
      'cdc_records_dead_lettered_total',
      'Records sent to a dead-letter topic',
      ['topic', 'source_topic'],
    );
    this.payloadsOmitted = metrics.counter(
      'cdc_dead_letter_payloads_omitted_total',
      'Dead letters sent without the original bytes, which made them too large to produce',
      ['topic', 'source_topic'],
    );
    this.produceSplits = metrics.counter(
      'cdc_produce_splits_total',
      'Extra produce requests made because a send was too large for one (cause: size = cut ahead by KAFKA_PRODUCE_MAX_BYTES, rejected = halved after MESSAGE_TOO_LARGE)',
      ['topic', 'cause'],
    );
    this.oversizedRecords = metrics.counter(
      'cdc_produce_oversized_records_total',
      'Records never produced because they alone exceed the size one produce may carry',
      ['topic'],
    );
    this.failed = metrics.counter(
      'cdc_batch_failures_total',
      'Batch attempts that failed and will be retried',
      ['topic'],
    );
    this.lag = metrics.gauge(
      'cdc_consumer_lag',
      'Records behind the high watermark after the last batch',
      ['group', 'topic', 'partition'],
    );
    this.batchSize = metrics.histogram(
      'cdc_batch_size',
      'Records per consumed batch',
      ['topic'],
      [1, 5, 10, 50, 100, 250, 500, 1000, 5000],
    );
    this.batchSeconds = metrics.histogram(
      'cdc_batch_processing_seconds',
      'Time to apply one batch, retries included',
      ['topic'],
      [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    );
  }
}
