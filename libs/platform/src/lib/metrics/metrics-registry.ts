import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The app's Prometheus registry. Metrics are get-or-create by name, so two modules asking
 * for the same series share it instead of failing on a duplicate registration.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    // prom-client samples event-loop delay every 10 ms by default: 100 wake-ups a second, about
    // 2 % of a core per idle app (npm run bench). 100 ms still shows a loop that blocks.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return this.getOrCreate(
      name,
      () => new Counter({ name, help, labelNames, registers: [this.registry] }),
    );
  }

  /**
   * @param collect runs on every scrape before the gauge is read, for values read from
   * elsewhere at that moment (e.g. a replication slot's retained WAL) rather than kept up to date.
   */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    collect?: (this: Gauge<L>) => void | Promise<void>,
  ): Gauge<L> {
    return this.getOrCreate(
      name,
      () =>
        new Gauge({
          name,
          help,
          labelNames,
          registers: [this.registry],
          ...(collect ? { collect } : {}),
        }),
    );
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets?: number[],
  ): Histogram<L> {
    return this.getOrCreate(
      name,
      () =>
        new Histogram({
          name,
          help,
          labelNames,
          registers: [this.registry],
          ...(buckets ? { buckets } : {}),
        }),
    );
  }

  private getOrCreate<M>(name: string, create: () => M): M {
    return (this.registry.getSingleMetric(name) as M | undefined) ?? create();
  }
}

/**
 * Seconds buckets for end-to-end latencies, 5 ms to 60 s; dense around the promises (1 s for
 * Redis p95, 5 s visible, 30 s queryable) so that quantiles interpolated in them stay close.
 */
export const LATENCY_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5,
  7.5, 10, 15, 20, 30, 60,
];

/**
 * The end-to-end latency every sink reports under one name, so dashboards compare sinks:
 * Postgres commit (Debezium source.ts_ms) to the write in the sink, for live CDC events.
 */
export function commitToSinkLatency(metrics: MetricsRegistry) {
  return metrics.histogram(
    'cdc_commit_to_sink_latency_seconds',
    'Postgres commit (Debezium source.ts_ms) to the write in the sink, for live CDC events',
    ['sink'],
    LATENCY_BUCKETS_SECONDS,
  );
}
