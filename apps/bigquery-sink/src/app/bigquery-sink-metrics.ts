import { Injectable } from '@nestjs/common';
import { commitToSinkLatency, LATENCY_BUCKETS_SECONDS, MetricsRegistry } from '@cdc/platform';

@Injectable()
export class BigquerySinkMetrics {
  readonly rows;
  readonly commitToSinkLatency;
  readonly mergeSeconds;
  readonly mergeFailures;
  readonly batchRows;
  readonly pendingRows;

  constructor(metrics: MetricsRegistry) {
    this.rows = metrics.counter(
      'cdc_bigquery_sink_rows_total',
      'Records by outcome: written (new row), duplicate (event_id already in the table or twice in a batch), dead_lettered, not_targeted (backfill for other sinks)',
      ['outcome'],
    );
    this.commitToSinkLatency = commitToSinkLatency(metrics);
    this.mergeSeconds = metrics.histogram(
      'cdc_bigquery_sink_merge_seconds',
      'Duration of successful MERGE jobs',
      [],
      LATENCY_BUCKETS_SECONDS,
    );
    this.mergeFailures = metrics.counter(
      'cdc_bigquery_sink_merge_failures_total',
      'Failed MERGE attempts: transient (retried) or rejected (batch split to isolate the row)',
      ['kind'],
    );
    this.batchRows = metrics.histogram(
      'cdc_bigquery_sink_batch_rows',
      'Rows per batch handed to BigQuery',
      [],
      [1, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000],
    );
    this.pendingRows = metrics.gauge(
      'cdc_bigquery_sink_pending_rows',
      'Rows consumed but not yet written (their offsets are uncommitted)',
    );
  }
}
