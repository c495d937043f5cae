import { Scrape } from '../metrics/scrape';
import type { AppReading } from './app-reading';
import { pipelineView } from './pipeline-view';

function reading(
  name: string,
  previous: string | null,
  current: string | null,
  extra: Partial<AppReading> = {},
): AppReading {
  return {
    target: { name, url: `http://127.0.0.1/${name}` },
    health: 'ready',
    failing: [],
    details: {},
    previous: previous === null ? null : new Scrape(0, previous),
    current: current === null ? null : new Scrape(2_000, current),
    ...extra,
  };
}

const enrichment = reading(
  'enrichment',
  'cdc_records_consumed_total{topic="cdc.public.engagement_events"} 10\ncdc_records_produced_total{topic="engagement.enriched.v1"} 10\ncdc_records_produced_total{topic="engagement.enrichment.dlq.v1"} 0\ncdc_records_dead_lettered_total{topic="engagement.enrichment.dlq.v1",source_topic="cdc.public.engagement_events"} 1',
  'cdc_records_consumed_total{topic="cdc.public.engagement_events"} 30\ncdc_records_produced_total{topic="engagement.enriched.v1"} 28\ncdc_records_produced_total{topic="engagement.enrichment.dlq.v1"} 2\ncdc_records_dead_lettered_total{topic="engagement.enrichment.dlq.v1",source_topic="cdc.public.engagement_events"} 3\ncdc_consumer_committed_lag{group="enrichment",topic="cdc.public.engagement_events",partition="0"} 7',
);
const redis = reading(
  'redis-sink',
  'cdc_records_consumed_total{topic="engagement.enriched.v1"} 10\ncdc_sink_events_total{sink="redis",outcome="applied"} 10',
  'cdc_records_consumed_total{topic="engagement.enriched.v1"} 30\ncdc_sink_events_total{sink="redis",outcome="applied"} 28\ncdc_sink_events_total{sink="redis",outcome="duplicate"} 2\ncdc_consumer_committed_lag{group="g",topic="engagement.enriched.v1",partition="0"} 1\ncdc_consumer_committed_lag{group="g",topic="engagement.enriched.v1",partition="1"} 2',
  { health: 'not-ready', failing: ['redis'] },
);
const webhook = reading(
  'webhook-sink',
  null,
  'cdc_webhook_breaker_state 1\ncdc_webhook_endpoint_gone 1\ncdc_webhook_pending_events 12',
);

describe('pipelineView', () => {
  const view = pipelineView([enrichment, redis, webhook], new Date(0));

  it('gives each stage its rates over the interval, its lag and its readiness', () => {
    expect(view.intervalS).toBe(2);
    expect(view.stages.map(({ outcomes: _, ...stage }) => stage)).toEqual([
      {
        name: 'enrichment',
        health: 'ready',
        failing: [],
        inRate: 10,
        outRate: 10,
        lag: 7,
        sink: null,
      },
      {
        name: 'redis-sink',
        health: 'not-ready',
        failing: ['redis'],
        inRate: 10,
        outRate: 10,
        lag: 3,
        sink: 'redis',
      },
      {
        name: 'webhook-sink',
        health: 'ready',
        failing: [],
        inRate: null,
        outRate: null,
        lag: null,
        sink: null,
      },
    ]);
    expect(view.stages[1]!.outcomes).toEqual([
      { outcome: 'applied', rate: 9, total: 28 },
      { outcome: 'duplicate', rate: 1, total: 2 },
    ]);
  });

  it('sums dead letters per dead-letter topic with their rate', () => {
    expect(view.deadLetters).toEqual([
      { topic: 'engagement.enrichment.dlq.v1', total: 3, rate: 1 },
    ]);
  });

  it('reads the breaker state and the 410 state of a webhook-sink', () => {
    expect(view.webhooks).toEqual([
      { app: 'webhook-sink', breaker: 'open', endpoint: 'gone', pendingEvents: 12 },
    ]);
  });

  it('has no rates before a second poll, and nothing for an unreachable app', () => {
    const first = pipelineView(
      [
        reading('enrichment', null, 'cdc_records_consumed_total 5'),
        reading('backfill', null, null),
      ],
      new Date(0),
    );
    expect(first.intervalS).toBeNull();
    expect(first.stages.map((stage) => [stage.inRate, stage.lag])).toEqual([
      [null, null],
      [null, null],
    ]);
  });
});
