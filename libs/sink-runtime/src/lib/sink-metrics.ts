import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import { commitToSinkLatency, MetricsRegistry } from '@cdc/platform';
import { Inject, Injectable } from '@nestjs/common';

import { SINK_OPTIONS, type SinkOptions } from './sink-options';

/**
 * The two facts every sink reports, under one name with a `sink` label: records by outcome
 * and the commit → sink latency. Outcomes the runtime sets: not_targeted, invalid (failed
 * the contract, dead-lettered), dead_lettered (refused or given up by the sink); every other
 * outcome is the sink's own (applied, written, delivered, duplicate, ...).
 */
@Injectable()
export class SinkMetrics {
  private readonly events;
  private readonly latency;

  constructor(
    registry: MetricsRegistry,
    @Inject(SINK_OPTIONS) private readonly options: SinkOptions,
  ) {
    this.events = registry.counter(
      'cdc_sink_events_total',
      'Records handled by a sink, by outcome',
      ['sink', 'outcome'],
    );
    this.latency = commitToSinkLatency(registry);
    // Zero series exist from the start, so a rate() over them is defined before the first event.
    for (const outcome of ['not_targeted', 'invalid', 'dead_lettered']) {
      this.count(outcome, 0);
    }
  }

  count(outcome: string, records = 1): void {
    this.events.inc({ sink: this.options.sink, outcome }, records);
  }

  /** Only first writes of live CDC events: a replay or a backfill would measure something else. */
  observeCommitLatency(event: EnrichedEngagementEventV1, now = Date.now()): void {
    if (event.origin !== 'cdc' || event.source_ts_ms === null) {
      return;
    }
    this.latency.observe({ sink: this.options.sink }, Math.max(0, now - event.source_ts_ms) / 1000);
  }
}
