import { Injectable } from '@nestjs/common';
import { commitToSinkLatency, MetricsRegistry } from '@cdc/platform';

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
    this.commitToSinkLatency = commitToSinkLatency(metrics);
  }
}
