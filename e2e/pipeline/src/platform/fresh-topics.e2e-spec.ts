import { randomUUID } from 'node:crypto';

import { cdcTopic, SourceTables, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import {
  aContent,
  anEnrichedEvent,
  type AppProcess,
  publishEnriched,
  SourceDbFixture,
  syntheticEventId,
  waitUntil,
} from '@cdc/testing';

import {
  type AppHarness,
  BigquerySinkHarness,
  enrichedByEventId,
  EnrichmentHarness,
  PLATFORM_E2E_PORTS,
  RedisSinkHarness,
  stats,
  WebhookSinkHarness,
} from '../harness';

interface Health {
  status: string;
  error?: Record<
    string,
    {
      status: string;
      message?: string;
      waitingForTopics?: { group: string; topics: string[]; since: string }[];
    }
  >;
}

/**
 * The start-up race of a fresh stack: an app started before its input topics exist (Debezium
 * creates a CDC topic at the table's first change, a writer its route topic) stays alive with
 * readiness down naming the topic, consumes once the topic appears, and gives up with a clear
 * message only after CONSUMER_TOPIC_WAIT_MS. The enrichment, on a brand-new topic prefix,
 * creates what it needs and enriches the first record.
 */
describe('apps started before their input topics exist', () => {
  const unique = randomUUID().slice(0, 8);
  const routeTopic = `e2e-fresh-${unique}`;
  const neverTopic = `e2e-fresh-never-${unique}`;
  const prefix = `e2efresh${unique}`;
  const enrichmentGroup = `enrichment-e2e-fresh-${unique}`;
  const sink = new RedisSinkHarness({ name: 'fresh', port: PLATFORM_E2E_PORTS.freshSink });
  const timeoutSink = new RedisSinkHarness({
    name: 'fresh-timeout',
    port: PLATFORM_E2E_PORTS.freshTimeoutSink,
  });
  const enrichment = new EnrichmentHarness({
    name: 'fresh',
    port: PLATFORM_E2E_PORTS.freshEnrichment,
    env: { CDC_TOPIC_PREFIX: prefix, CONSUMER_GROUP_ID: enrichmentGroup },
  });
  const otherSinks: [string, AppHarness][] = [
    [
      'bigquery-sink',
      new BigquerySinkHarness({ name: 'fresh', port: PLATFORM_E2E_PORTS.freshBigquerySink }),
    ],
    [
      'webhook-sink',
      new WebhookSinkHarness({
        name: 'fresh',
        port: PLATFORM_E2E_PORTS.freshWebhookSink,
        receiverPort: PLATFORM_E2E_PORTS.freshWebhookReceiver,
      }),
    ],
  ];
  const otherTopics = new Map(
    otherSinks.map(([app]) => [app, `e2e-fresh-${app}-${unique}`] as const),
  );
  const db = new SourceDbFixture();
  let enriched: TopicTail;

  beforeAll(async () => {
    enriched = await sink.kafka.tail([Topics.enriched]);
  });

  afterAll(async () => {
    await sink.close();
    await timeoutSink.close();
    for (const [, harness] of otherSinks) {
      await harness.close();
    }
    await enrichment.stop();
    await enrichment.admin.deleteGroup(enrichmentGroup);
    await enrichment.close();
    const admin = sink.kafka.client.kafka.admin();
    await admin.connect();
    const created = [
      routeTopic,
      ...otherTopics.values(),
      cdcTopic(prefix, SourceTables.content),
      cdcTopic(prefix, SourceTables.engagementEvents),
    ];
    const existing = new Set(await admin.listTopics());
    await admin.deleteTopics({ topics: created.filter((topic) => existing.has(topic)) });
    await admin.disconnect();
    await db.close();
  });

  it('a sink waits for its missing source topic with readiness 503 naming it, then consumes it', async () => {
    const app: AppProcess = await sink.spawn({
      SINK_SOURCE_TOPICS: routeTopic,
      CONSUMER_TOPIC_WAIT_MS: '120000',
    });
    const waiting = await waitUntil(
      async () => {
        const response = await app.get<Health>('/health').catch(() => undefined);
        const consumers = response?.body.error?.['consumers'];
        return response?.status === 503 && consumers?.waitingForTopics?.length
          ? consumers
          : undefined;
      },
      '/health 503 naming the missing topic',
      60_000,
    );
    expect(waiting.waitingForTopics).toEqual([
      { group: sink.groupId, topics: [routeTopic], since: expect.stringMatching(/Z$/) },
    ]);
    const since = waiting.waitingForTopics![0]!.since;
    expect(waiting.message).toBe(
      `consumer group ${sink.groupId} waits for topic(s) ${routeTopic} to exist (since ${since})`,
    );
    expect(app.logs).toContain(`waiting for topic(s) ${routeTopic} to exist before consuming`);
    // Still waiting a few re-checks later: alive and not ready.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(app.pid).not.toBeNull();
    expect(await app.status('/health')).toBe(503);

    await sink.kafka.ensureTopics([routeTopic]);
    const contentId = randomUUID();
    await publishEnriched(
      sink.kafka,
      [
        anEnrichedEvent({ content_id: contentId, event_type: 'play' }),
        anEnrichedEvent({
          content_id: contentId,
          event_type: 'finish',
          duration_ms: 40_000,
          engagement_seconds: 40,
          engagement_pct: 40,
        }),
      ],
      routeTopic,
    );
    await waitUntil(
      async () => ((await app.status('/health')) === 200 ? true : undefined),
      '/health 200 once the topic exists',
      60_000,
    );
    await waitUntil(
      async () => ((await stats(app, contentId))?.events === 2 ? true : undefined),
      'both events applied',
      30_000,
    );
    expect(await stats(app, contentId)).toMatchObject({
      events: 2,
      events_by_type: { play: 1, pause: 0, finish: 1, click: 0 },
      engagement_seconds_sum: 60,
      engagement_pct_sum: 60,
    });
  }, 180_000);

  it.each(otherSinks)(
    '%s waits the same way, then turns ready once the topic exists',
    async (app, harness) => {
      const topic = otherTopics.get(app)!;
      const process = await harness.spawn({ SINK_SOURCE_TOPICS: topic });
      const waiting = await waitUntil(
        async () => {
          const response = await process.get<Health>('/health').catch(() => undefined);
          const consumers = response?.body.error?.['consumers'];
          return response?.status === 503 && consumers?.waitingForTopics?.length
            ? consumers
            : undefined;
        },
        `${app} /health 503 naming the missing topic`,
        60_000,
      );
      expect(waiting.waitingForTopics).toEqual([
        { group: harness.groupId, topics: [topic], since: expect.stringMatching(/Z$/) },
      ]);
      await harness.kafka.ensureTopics([topic]);
      await waitUntil(
        async () => ((await process.status('/health')) === 200 ? true : undefined),
        `${app} /health 200 once the topic exists`,
        60_000,
      );
      expect(process.pid).not.toBeNull();
    },
    120_000,
  );

  it('a sink whose source topic never appears exits after CONSUMER_TOPIC_WAIT_MS naming it', async () => {
    const app = await timeoutSink.spawn({
      SINK_SOURCE_TOPICS: neverTopic,
      CONSUMER_TOPIC_WAIT_MS: '3000',
    });
    expect(await app.exited()).toBe(1);
    expect(app.logs).toContain(
      `redis-sink failed to start. Error: consumer group ${timeoutSink.groupId}: topic(s) ${neverTopic} still do not exist (or have a partition without a leader) after 3000 ms (CONSUMER_TOPIC_WAIT_MS)`,
    );
  }, 120_000);

  it('the enrichment on a brand-new CDC_TOPIC_PREFIX creates its topics and enriches the first record', async () => {
    const content = await db.insertContent(aContent({ length_seconds: 200 }));
    const app = await enrichment.start();
    expect(await app.status('/health')).toBe(200);
    const eventId = syntheticEventId();
    const userId = randomUUID();
    await enrichment.kafka.produce(cdcTopic(prefix, SourceTables.engagementEvents), [
      {
        key: JSON.stringify({ id: Number(eventId) }),
        value: JSON.stringify({
          op: 'c',
          before: null,
          source: { ts_ms: Date.now(), lsn: 1 },
          after: {
            id: Number(eventId),
            content_id: content.id,
            user_id: userId,
            event_type: 'finish',
            event_ts: '2026-12-02T05:00:00.123456Z',
            duration_ms: 50_000,
            device: 'ios',
            raw_payload: null,
          },
        }),
      },
    ]);
    const byId = await enrichedByEventId(enriched, [eventId]);
    expect(byId.get(eventId)).toMatchObject({
      event_id: eventId,
      content_id: content.id,
      user_id: userId,
      event_type: 'finish',
      event_ts: '2026-12-02T05:00:00.123456Z',
      duration_ms: 50_000,
      device: 'ios',
      content_slug: content.slug,
      content_title: content.title,
      content_type: 'podcast',
      length_seconds: 200,
      engagement_seconds: 50,
      engagement_pct: 25,
      origin: 'cdc',
    });
    await db.query('DELETE FROM content WHERE id = $1', [content.id]);
  }, 120_000);
});
