import { LATENCY_BUCKETS_SECONDS, MetricsRegistry } from '@cdc/platform';
import { Injectable } from '@nestjs/common';

/**
 * What only a BigQuery sink has: batches, MERGE jobs and rows waiting for one. Records by
 * outcome and the commit → sink latency are the runtime's `cdc_sink_*` series.
 */
@Injectable()
export class BigQueryWriteMetrics {
  readonly mergeSeconds;
  readonly mergeFailures;
  readonly batchRows;
  readonly pendingRows;

  constructor(metrics: MetricsRegistry) {
    this.mergeSeconds = metrics.histogram(
      'cdc_bigquery_sink_merge_seconds',
      'Duration of successful MERGE jobs',
      [],
      LATENCY_BUCKETS_SECONDS,
    );
    this.mergeFailures = metrics.counter(
      'cdc_bigquery_sink_merge_failures_total',
      'Failed MERGE attempts: transient (retried) or rejected (batch split to isolate the row), by cause (rate_limit, quota, dml_queue_full, concurrent_update, not_found, unavailable, invalid, resources)',
      ['kind', 'cause'],
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
