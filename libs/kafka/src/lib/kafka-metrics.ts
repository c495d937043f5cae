import { MetricsRegistry } from '@cdc/platform';
import { Injectable } from '@nestjs/common';

import type { PartitionFailure } from './partition-failures';

type FailureLabels = 'group' | 'topic' | 'partition';

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
  private readonly failingSeconds;
  private readonly failingSince;
  private readonly failingAttempts;
  /** The failing partitions of every consumer of the app, read at each scrape. */
  private readonly failureSources = new Set<() => readonly PartitionFailure[]>();
  /** Label sets reported failing once: they read 0 after recovery instead of vanishing. */
  private readonly reported = new Map<string, Record<FailureLabels, string>>();

  constructor(metrics: MetricsRegistry) {
    const refresh = () => this.refreshFailures();
    this.failingSeconds = metrics.gauge(
      'cdc_partition_failing_seconds',
      'Seconds the current batch of a partition has been failing (retried); 0 when it is not',
      ['group', 'topic', 'partition'],
      refresh,
    );
    this.failingSince = metrics.gauge(
      'cdc_partition_failing_since_timestamp_seconds',
      'Unix time of the first failure of the current batch of a partition; 0 when it is not failing',
      ['group', 'topic', 'partition'],
      refresh,
    );
    this.failingAttempts = metrics.gauge(
      'cdc_partition_failed_attempts',
      'Failed attempts of the current batch of a partition; 0 when it is not failing',
      ['group', 'topic', 'partition'],
      refresh,
    );
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

  /** Reports the failing partitions of one consumer in the cdc_partition_failing_* gauges. */
  trackFailures(source: () => readonly PartitionFailure[]): void {
    this.failureSources.add(source);
  }

  private refreshFailures(): void {
    const now = Date.now();
    const failing = new Map<string, PartitionFailure>();
    for (const source of this.failureSources) {
      for (const entry of source()) {
        failing.set(`${entry.group}\u0000${entry.topic}\u0000${entry.partition}`, entry);
      }
    }
    for (const [key, entry] of failing) {
      const labels = { group: entry.group, topic: entry.topic, partition: String(entry.partition) };
      this.reported.set(key, labels);
      const since = entry.since.getTime();
      this.failingSeconds.set(labels, Math.max(0, (now - since) / 1000));
      this.failingSince.set(labels, since / 1000);
      this.failingAttempts.set(labels, entry.attempts);
    }
    for (const [key, labels] of this.reported) {
      if (!failing.has(key)) {
        this.failingSeconds.set(labels, 0);
        this.failingSince.set(labels, 0);
        this.failingAttempts.set(labels, 0);
      }
    }
  }
}
