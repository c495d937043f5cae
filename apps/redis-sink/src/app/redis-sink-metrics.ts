import { Injectable } from '@nestjs/common';
import { LATENCY_BUCKETS_SECONDS, MetricsRegistry } from '@cdc/platform';

@Injectable()
export class RedisSinkMetrics {
  readonly events;
  readonly commitToSinkLatency;

  constructor(metrics: MetricsRegistry) {
    this.events = metrics.counter(
      'cdc_redis_sink_events_total',
      'Records by outcome: applied, applied_outside_window, applied_future, duplicate, expired, not_targeted, dead_lettered',
      ['outcome'],
    );
    this.commitToSinkLatency = metrics.histogram(
      'cdc_commit_to_sink_latency_seconds',
      'Postgres commit (Debezium source.ts_ms) to the write in the sink, for live CDC events',
      ['sink'],
      LATENCY_BUCKETS_SECONDS,
    );
  }
}
