import { LATENCY_BUCKETS_SECONDS, MetricsRegistry } from '@cdc/platform';
import { Injectable } from '@nestjs/common';

@Injectable()
export class EnrichmentMetrics {
  readonly events;
  readonly lateContent;
  readonly contentCacheSize;
  readonly contentSyncTimeouts;
  readonly commitLatency;
  readonly contentAppliedLsn;
  readonly contentConsumerRestarts;
  readonly contentChecks;

  constructor(metrics: MetricsRegistry) {
    this.events = metrics.counter(
      'cdc_enrichment_events_total',
      'Engagement change records by outcome',
      ['outcome'],
    );
    this.lateContent = metrics.counter(
      'cdc_enrichment_late_content_total',
      'Events whose content was not cached, by how it was resolved (cdc, database, missing, lookup_failed)',
      ['resolution'],
    );
    this.contentCacheSize = metrics.gauge(
      'cdc_enrichment_content_cache_size',
      'Content rows held in memory',
    );
    this.commitLatency = metrics.histogram(
      'cdc_enrichment_commit_latency_seconds',
      'Postgres commit (Debezium source.ts_ms) to this point of enrichment: received (the fetch handed it over) or published (Kafka acknowledged the enriched record)',
      ['point'],
      LATENCY_BUCKETS_SECONDS,
    );
    this.contentSyncTimeouts = metrics.counter(
      'cdc_enrichment_content_sync_timeouts_total',
      'Event batches that went ahead before the content stream had caught up',
    );
    this.contentAppliedLsn = metrics.gauge(
      'cdc_enrichment_content_applied_lsn',
      'Source LSN up to which every content change is applied to the in-memory catalogue (snapshot or content topic)',
    );
    this.contentConsumerRestarts = metrics.counter(
      'cdc_enrichment_content_consumer_restarts_total',
      'Rebuilds of the content catalogue (new snapshot, new consumer) after the content consumer crashed, by result',
      ['result'],
    );
    this.contentChecks = metrics.counter(
      'cdc_enrichment_content_checks_total',
      'Event batches ahead of the applied content position whose contents were read from Postgres, by result (database, failed)',
      ['result'],
    );
  }
}
