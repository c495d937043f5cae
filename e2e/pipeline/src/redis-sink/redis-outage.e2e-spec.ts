import {
  aContent,
  anEvent,
  type AppProcess,
  metricValue,
  SourceDbFixture,
  stackEnvironment,
  TcpProxy,
  waitUntil,
} from '@cdc/testing';

import { EnrichmentHarness, REDIS_E2E_PORTS, RedisSinkHarness, stats } from '../harness';

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

interface Health {
  status: string;
  error?: Record<string, { status: string; message?: string }>;
}

describe('redis-sink: Redis outage', () => {
  const harness = new RedisSinkHarness({ name: 'outage', port: REDIS_E2E_PORTS.outage });
  const proxy = new TcpProxy(stackEnvironment.REDIS_HOST, Number(stackEnvironment.REDIS_PORT));
  const db = new SourceDbFixture();
  let proxyPort = 0;
  const enrichment = new EnrichmentHarness({ name: 'outage', port: REDIS_E2E_PORTS.enrichment });
  let sink: AppProcess;

  beforeAll(async () => {
    proxyPort = await proxy.start();
    await harness.placeAtEnd();
    await enrichment.start();
    sink = await harness.start({ REDIS_PORT: String(proxyPort), RETRY_MAX_MS: '1000' });
  });

  afterAll(async () => {
    await proxy.stop();
    await harness.close();
    await enrichment.close();
    await db.close();
  });

  it('reports redis down on /health, pauses without losing anything, and catches up by itself', async () => {
    const content = await db.insertContent(aContent({ length_seconds: 100 }));
    await db.insertEvent(
      anEvent({ content_id: content.id, duration_ms: 10_000, event_ts: iso(Date.now()) }),
    );
    await waitUntil(() => stats(sink, content.id), 'first event applied', 10_000);

    await proxy.cut();
    const health = await waitUntil(
      async () => {
        const response = await sink.get<Health>('/health');
        return response.status === 503 ? response.body : undefined;
      },
      '/health 503',
      15_000,
    );
    expect(health.error?.['redis']).toMatchObject({ status: 'down' });
    expect(health.error?.['redis']?.message).toContain(`Redis 127.0.0.1:${proxyPort}/0`);

    await db.insertEvents([
      anEvent({
        content_id: content.id,
        event_type: 'pause',
        duration_ms: 20_000,
        event_ts: iso(Date.now()),
      }),
      anEvent({
        content_id: content.id,
        event_type: 'finish',
        duration_ms: 30_000,
        event_ts: iso(Date.now()),
      }),
    ]);
    await waitUntil(
      async () =>
        metricValue(await harness.metrics(), 'cdc_batch_failures_total', {
          topic: 'engagement.enriched.v1',
        }) > 0
          ? true
          : undefined,
      'a failed batch attempt',
      15_000,
    );
    // Give the two new events time to reach the sink: they must stay unapplied while Redis is cut off.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await harness.redis.hget(harness.layout.totals(content.id), 'events')).toBe('1');

    await proxy.start(proxyPort);
    await waitUntil(
      async () => ((await stats(sink, content.id))?.events === 3 ? true : undefined),
      'all three events after the outage',
      30_000,
    );
    expect(await stats(sink, content.id)).toMatchObject({
      events: 3,
      events_by_type: { play: 1, pause: 1, finish: 1, click: 0 },
      engagement_seconds_sum: 60,
      engagement_pct_sum: 60,
    });
    await waitUntil(
      async () => ((await sink.status('/health')) === 200 ? true : undefined),
      '/health 200 again',
      15_000,
    );
  }, 120_000);
});
