import { randomUUID } from 'node:crypto';

import { type DeadLetterRecordV1, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import {
  aContent,
  anEnrichedEvent,
  anEvent,
  type AppProcess,
  enrichedRecord,
  metricValue,
  SourceDbFixture,
  waitUntil,
} from '@cdc/testing';

import {
  EnrichmentHarness,
  parseValue,
  REDIS_E2E_PORTS,
  REDIS_SINK_TOPICS,
  RedisSinkHarness,
  stats,
  topItems,
} from '../harness';

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

describe('redis-sink: each event changes Redis at most once', () => {
  const harness = new RedisSinkHarness({ name: 'once', port: REDIS_E2E_PORTS.exactlyOnce });
  const db = new SourceDbFixture();
  const contentIds: string[] = [];
  const enrichment = new EnrichmentHarness({ name: 'once', port: REDIS_E2E_PORTS.enrichment });
  let sink: AppProcess;
  let deadLetters: TopicTail;

  beforeAll(async () => {
    await harness.placeAtEnd();
    deadLetters = await harness.kafka.tail([Topics.redisSinkDeadLetter]);
    await enrichment.start();
    sink = await harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await enrichment.close();
    await db.close();
  });

  const recentIds = async (contentId: string): Promise<string[]> =>
    (
      await sink.get<{ events: { event_id: string }[] }>(`/content/${contentId}/recent`)
    ).body.events.map((event) => event.event_id);

  it('applies a backfill record only when it targets redis, and an event seen twice only once', async () => {
    const contentId = randomUUID();
    contentIds.push(contentId);
    const notForRedis = anEnrichedEvent({ content_id: contentId });
    const forRedis = anEnrichedEvent({
      content_id: contentId,
      duration_ms: 30_000,
      engagement_seconds: 30,
      engagement_pct: 30,
    });
    const live = anEnrichedEvent({
      content_id: contentId,
      origin: 'cdc',
      source_ts_ms: Date.now(),
    });
    // Same partition of each topic (keyed by content): once `forRedis` is applied, `notForRedis` was seen.
    await harness.kafka.produce(Topics.backfill, [
      enrichedRecord(notForRedis, ''),
      enrichedRecord(forRedis, 'redis'),
    ]);
    await harness.kafka.produce(Topics.enriched, [
      enrichedRecord({ ...forRedis, origin: 'cdc' }),
      enrichedRecord(live),
    ]);

    await waitUntil(
      async () => ((await recentIds(contentId)).length === 2 ? true : undefined),
      'two events applied',
      15_000,
    );
    expect((await recentIds(contentId)).sort()).toEqual([forRedis.event_id, live.event_id].sort());
    expect(await stats(sink, contentId)).toMatchObject({
      events: 2,
      engagement_seconds_sum: 50,
      engagement_pct_sum: 50,
      engagement_pct_count: 2,
    });
  });

  it('dead-letters an undecodable enriched record with its reason and goes on', async () => {
    const contentId = randomUUID();
    contentIds.push(contentId);
    const bad = anEnrichedEvent({ content_id: contentId, origin: 'cdc' });
    const good = anEnrichedEvent({ content_id: contentId, origin: 'cdc' });
    await harness.kafka.produce(Topics.enriched, [
      enrichedRecord({ ...bad, event_type: 'swipe' as never }),
      enrichedRecord(good),
    ]);

    const [letter] = await deadLetters.waitFor(
      (record) => record.key?.toString() === contentId,
      1,
      15_000,
    );
    expect(parseValue<DeadLetterRecordV1>(letter!)).toMatchObject({
      stage: 'redis-sink',
      reason:
        'not a valid engagement.enriched.v1 event: event_type must be one of the following values: play, pause, finish, click',
      event_id: bad.event_id,
      source: { topic: Topics.enriched },
    });
    await waitUntil(() => stats(sink, contentId), 'the good record applied', 15_000);
    expect(await recentIds(contentId)).toEqual([good.event_id]);
  });

  it('does not apply an event older than the dedup retention (30 days), so no marker can have expired under it', async () => {
    const contentId = randomUUID();
    contentIds.push(contentId);
    const ancient = anEnrichedEvent({
      content_id: contentId,
      event_ts: iso(Date.now() - 31 * 86_400_000),
    });
    const recent = anEnrichedEvent({ content_id: contentId });
    await harness.kafka.produce(Topics.backfill, [enrichedRecord(ancient), enrichedRecord(recent)]);
    await waitUntil(() => stats(sink, contentId), 'the recent record applied', 15_000);
    expect(await recentIds(contentId)).toEqual([recent.event_id]);
    expect(await stats(sink, contentId)).toMatchObject({
      events: 1,
      last_event_ts: recent.event_ts,
    });
    expect(
      metricValue(await harness.metrics(), 'cdc_sink_events_total', {
        sink: 'redis',
        outcome: 'expired',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('leaves every total and window unchanged when the topics are consumed again from where the group started', async () => {
    const contents = await Promise.all(
      ['podcast', 'video', null].map((type) =>
        db.insertContent(aContent({ content_type: type as 'podcast' | null, length_seconds: 900 })),
      ),
    );
    contentIds.push(...contents.map((content) => content.id));
    const now = Date.now();
    const types = ['play', 'pause', 'finish', 'click'] as const;
    const rows = contents.flatMap((content, c) =>
      Array.from({ length: 12 }, (_, i) =>
        anEvent({
          content_id: content.id,
          event_type: types[i % 4],
          duration_ms: i % 5 === 0 ? null : 1_000 * (i + c + 1) + 7,
          event_ts: iso(now - i * 1_000),
        }),
      ),
    );
    await db.insertEvents(rows);
    for (const content of contents) {
      await waitUntil(
        async () => ((await stats(sink, content.id))?.events === 12 ? true : undefined),
        `12 events of ${content.id}`,
        15_000,
      );
    }

    const before = await snapshot(sink, contentIds);
    await harness.stop();
    const records = await harness.rewind();
    sink = await harness.restart();
    await waitUntil(
      async () => {
        const text = await harness.metrics();
        const consumed = REDIS_SINK_TOPICS.reduce(
          (sum, topic) => sum + metricValue(text, 'cdc_records_consumed_total', { topic }),
          0,
        );
        return consumed >= records ? true : undefined;
      },
      `${records} records consumed again`,
      60_000,
    );
    expect(await snapshot(sink, contentIds)).toEqual(before);
    const text = await harness.metrics();
    // 36 live events, 2 + 1 synthetic ones (the duplicate of the first test was already one).
    expect(
      metricValue(text, 'cdc_sink_events_total', { sink: 'redis', outcome: 'duplicate' }),
    ).toBeGreaterThanOrEqual(39);
  }, 120_000);
});

/** Everything the read API shows of these contents: totals, latest events and window ranks. */
async function snapshot(sink: AppProcess, ids: readonly string[]): Promise<unknown> {
  const mine = (items: { content_id: string }[]) =>
    items.filter((item) => ids.includes(item.content_id));
  const windows: Record<string, unknown> = {};
  for (const by of ['seconds', 'events']) {
    for (const type of ['', 'podcast', 'video', 'newsletter']) {
      windows[`${by}:${type}`] = mine(
        await topItems(
          sink,
          `window=10m&limit=1000&by=${by}${type ? `&content_type=${type}` : ''}`,
        ),
      );
    }
  }
  const contents = await Promise.all(
    ids.map(async (id) => ({
      stats: await stats(sink, id),
      recent: (await sink.get<unknown>(`/content/${id}/recent`)).body,
    })),
  );
  return { windows, contents };
}
