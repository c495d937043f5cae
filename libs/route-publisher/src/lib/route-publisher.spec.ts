import { type EnrichedEngagementEventV1, enrichedEventHeaders } from '@cdc/contracts';
import type { OutboundRecord, RecordPublisher } from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';
import { parseRoutes, RouteTable } from '@cdc/routing';

import { RouteMetrics } from './route-metrics';
import { type RoutableRecord, RoutePublisher } from './route-publisher';

const ROUTES = `
routes:
  - { name: finishes, where: { field: event_type, eq: finish } }
  - { name: videos, where: { field: content_type, eq: video }, topic: shared.v1, partitions: 2 }
  - { name: podcasts, where: { field: content_type, eq: podcast }, topic: shared.v1, partitions: 2 }
`;

function event(
  id: string,
  overrides: Partial<EnrichedEngagementEventV1>,
): EnrichedEngagementEventV1 {
  return {
    schema_version: 1,
    event_id: id,
    content_id: `00000000-0000-4000-8000-00000000000${id}`,
    user_id: null,
    event_type: 'play',
    event_ts: '2026-11-22T10:15:30.123456Z',
    duration_ms: 1000,
    device: null,
    raw_payload: { кампания: 'été' },
    content_slug: null,
    content_title: null,
    content_type: null,
    length_seconds: null,
    publish_ts: null,
    engagement_seconds: 1,
    engagement_pct: null,
    source_ts_ms: 1,
    source_lsn: 2,
    enriched_at: '2026-11-22T10:15:31.000Z',
    origin: 'cdc',
    ...overrides,
  };
}

function routable(
  value: EnrichedEngagementEventV1,
  headers = enrichedEventHeaders(value),
): RoutableRecord {
  return { event: value, record: { key: value.content_id, value: JSON.stringify(value), headers } };
}

function harness(text = ROUTES, fail = false) {
  const parsed = parseRoutes(text);
  if (!parsed.ok) {
    throw new Error(parsed.errors.join('\n'));
  }
  const sent: { topic: string; records: readonly OutboundRecord[] }[] = [];
  const publisher = {
    publish: async (topic: string, records: readonly OutboundRecord[]) => {
      if (fail) {
        throw new Error('broker down');
      }
      sent.push({ topic, records });
    },
  } as unknown as RecordPublisher;
  const registry = new MetricsRegistry();
  const routes = new RoutePublisher(
    parsed.value,
    publisher,
    new RouteMetrics(registry, parsed.value),
  );
  const metric = async (name: string, route: string) =>
    (await registry.registry.getSingleMetric(name)?.get())?.values.find(
      (value) => value.labels['route'] === route,
    )?.value;
  return { routes, sent, metric };
}

describe('RoutePublisher', () => {
  it('copies each matching record to each matching route topic: same key, value bytes and headers, plus x-route', async () => {
    const { routes, sent } = harness();
    const records = [
      routable(event('1', { event_type: 'finish', content_type: 'video' })),
      routable(event('2', { content_type: 'podcast' })),
      routable(event('3', {})),
      routable(event('4', { event_type: 'finish' })),
    ];
    await routes.publish(records);
    expect(
      sent.map(({ topic, records: copies }) => [
        topic,
        copies.map((copy) => copy.headers?.['x-event-id']),
      ]),
    ).toEqual([
      ['engagement.route.finishes.v1', ['1', '4']],
      ['shared.v1', ['1', '2']],
    ]);
    const [first] = sent[0]!.records;
    expect(first).toEqual({
      key: '00000000-0000-4000-8000-000000000001',
      value: records[0]!.record.value,
      headers: { ...records[0]!.record.headers, 'x-route': 'finishes' },
    });
    expect(sent[1]!.records.map((copy) => copy.headers?.['x-route'])).toEqual([
      'videos',
      'podcasts',
    ]);
  });

  it('drops x-target-sinks from copies of backfill records', async () => {
    const { routes, sent } = harness();
    const backfilled = event('5', { event_type: 'finish', origin: 'backfill', source_ts_ms: null });
    await routes.publish([
      routable(backfilled, {
        ...enrichedEventHeaders(backfilled),
        'x-target-sinks': 'redis',
        'x-backfill-job-id': 'job-1',
      }),
    ]);
    expect(sent[0]!.records[0]!.headers).toEqual({
      'x-event-id': '5',
      'x-origin': 'backfill',
      'x-schema': 'engagement.enriched/v1',
      'x-backfill-job-id': 'job-1',
      'x-route': 'finishes',
    });
  });

  it('counts matched and published per route, from zero', async () => {
    const { routes, metric } = harness();
    expect(await metric('cdc_route_events_matched_total', 'podcasts')).toBe(0);
    await routes.publish([
      routable(event('1', { event_type: 'finish', content_type: 'video' })),
      routable(event('2', { event_type: 'finish' })),
    ]);
    expect([
      await metric('cdc_route_events_matched_total', 'finishes'),
      await metric('cdc_route_events_published_total', 'finishes'),
      await metric('cdc_route_events_matched_total', 'videos'),
      await metric('cdc_route_events_published_total', 'videos'),
      await metric('cdc_route_events_published_total', 'podcasts'),
    ]).toEqual([2, 2, 1, 1, 0]);
  });

  it('fails when Kafka does, counting the match but not the publish, so that the batch is retried', async () => {
    const { routes, metric } = harness(ROUTES, true);
    await expect(routes.publish([routable(event('1', { event_type: 'finish' }))])).rejects.toThrow(
      'broker down',
    );
    expect(await metric('cdc_route_events_matched_total', 'finishes')).toBe(1);
    expect(await metric('cdc_route_events_published_total', 'finishes')).toBe(0);
  });

  it('does nothing without routes', async () => {
    const { routes, sent } = harness('routes: []');
    expect(routes.enabled).toBe(false);
    await routes.publish([routable(event('1', { event_type: 'finish' }))]);
    expect(sent).toEqual([]);
    expect(RouteTable.empty.size).toBe(0);
  });
});
