import { randomUUID } from 'node:crypto';

import { aContent, anEvent, type AppProcess, SourceDbFixture, waitUntil } from '@cdc/testing';

import {
  EnrichmentHarness,
  REDIS_E2E_PORTS,
  RedisSinkHarness,
  stats,
  topItem,
  topItems,
} from '../harness';

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
const WINDOW = 'window=10m&limit=1000';

describe('redis-sink: per-content totals and the sliding 10-minute window', () => {
  const harness = new RedisSinkHarness({ name: 'window', port: REDIS_E2E_PORTS.window });
  const db = new SourceDbFixture();
  const enrichment = new EnrichmentHarness({ name: 'window', port: REDIS_E2E_PORTS.enrichment });
  let sink: AppProcess;

  beforeAll(async () => {
    await harness.placeAtEnd();
    await enrichment.start();
    sink = await harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await enrichment.close();
    await db.close();
  });

  it('ranks a 1800 s content at 240 s and 2 events within 5 s of the commit', async () => {
    const content = await db.insertContent(
      aContent({ length_seconds: 1800, content_type: 'video' }),
    );
    const now = Date.now();
    const [playId, finishId] = await db.insertEvents([
      anEvent({
        content_id: content.id,
        event_type: 'play',
        duration_ms: 60_000,
        event_ts: iso(now - 1_000),
      }),
      anEvent({
        content_id: content.id,
        event_type: 'finish',
        duration_ms: 180_000,
        event_ts: iso(now),
      }),
    ]);
    const committedAt = Date.now();

    const bySeconds = await waitUntil(
      async () => {
        const item = await topItem(sink, `${WINDOW}&by=seconds`, content.id);
        return item?.score === 240 ? item : undefined;
      },
      'top by seconds = 240',
      5_000,
    );
    expect(Date.now() - committedAt).toBeLessThan(5_000);
    expect(bySeconds).toEqual({
      content_id: content.id,
      slug: content.slug,
      title: content.title,
      content_type: 'video',
      score: 240,
    });
    expect(await topItem(sink, `${WINDOW}&by=events`, content.id)).toEqual({
      ...bySeconds,
      score: 2,
    });
    expect(await topItem(sink, `${WINDOW}&by=seconds&content_type=video`, content.id)).toEqual(
      bySeconds,
    );
    expect(
      await topItem(sink, `${WINDOW}&by=seconds&content_type=podcast`, content.id),
    ).toBeUndefined();

    expect(await stats(sink, content.id)).toEqual({
      content_id: content.id,
      slug: content.slug,
      title: content.title,
      content_type: 'video',
      events: 2,
      events_by_type: { play: 1, pause: 0, finish: 1, click: 0 },
      engagement_seconds_sum: 240,
      engagement_seconds_count: 2,
      engagement_pct_sum: 13.33,
      engagement_pct_count: 2,
      engagement_pct_avg: 6.67,
      last_event_ts: iso(now),
    });
    const recent = await sink.get<{ events: { event_id: string; applied_at_ms: number }[] }>(
      `/content/${content.id}/recent`,
    );
    expect(recent.body.events.map((event) => event.event_id)).toEqual([finishId, playId]);
  });

  it('orders the top best first, exactly, across shards', async () => {
    const contents = await Promise.all(
      [120_000, 90_000, 30_000].map(() =>
        db.insertContent(aContent({ content_type: 'newsletter', length_seconds: 600 })),
      ),
    );
    const now = Date.now();
    await db.insertEvents(
      contents.map((content, index) =>
        anEvent({
          content_id: content.id,
          duration_ms: [120_000, 90_000, 30_000][index]!,
          event_ts: iso(now),
        }),
      ),
    );
    const ids = contents.map((content) => content.id);
    const ranked = await waitUntil(
      async () => {
        const items = (await topItems(sink, `${WINDOW}&by=seconds&content_type=newsletter`)).filter(
          (item) => ids.includes(item.content_id),
        );
        return items.length === 3 ? items : undefined;
      },
      'three newsletters in the top',
      10_000,
    );
    expect(ranked.map((item) => [item.content_id, item.score])).toEqual([
      [ids[0], 120],
      [ids[1], 90],
      [ids[2], 30],
    ]);
  });

  it('counts an event 20 minutes old in the totals but not in the window, and a late one 5 minutes old in both', async () => {
    const [old, late] = await Promise.all([
      db.insertContent(aContent({ length_seconds: 600 })),
      db.insertContent(aContent({ length_seconds: 600 })),
    ]);
    const now = Date.now();
    await db.insertEvents([
      anEvent({
        content_id: old.id,
        event_type: 'play',
        duration_ms: 30_000,
        event_ts: iso(now - 20 * 60_000),
      }),
      anEvent({
        content_id: late.id,
        event_type: 'pause',
        duration_ms: 45_000,
        event_ts: iso(now - 5 * 60_000),
      }),
    ]);
    const oldStats = await waitUntil(
      () => stats(sink, old.id),
      'totals of the 20-minute-old event',
      10_000,
    );
    expect(oldStats).toMatchObject({
      events: 1,
      events_by_type: { play: 1, pause: 0, finish: 0, click: 0 },
      engagement_seconds_sum: 30,
      engagement_pct_sum: 5,
    });
    await waitUntil(() => stats(sink, late.id), 'totals of the 5-minute-old event', 10_000);
    expect(await topItem(sink, `${WINDOW}&by=seconds`, late.id)).toMatchObject({ score: 45 });
    expect(await topItem(sink, `${WINDOW}&by=events`, late.id)).toMatchObject({ score: 1 });
    expect(await topItem(sink, `${WINDOW}&by=seconds`, old.id)).toBeUndefined();
    expect(await topItem(sink, `${WINDOW}&by=events`, old.id)).toBeUndefined();
  });

  it('drops an event from the window once its minute has passed out of it, while its totals stay', async () => {
    // Start early in a minute so that the event is read back within its own minute.
    if (new Date().getUTCSeconds() > 45) {
      await new Promise((resolve) => setTimeout(resolve, (61 - new Date().getUTCSeconds()) * 1000));
    }
    const content = await db.insertContent(aContent());
    const eventMs = Date.now();
    await db.insertEvent(
      anEvent({ content_id: content.id, duration_ms: 12_000, event_ts: iso(eventMs) }),
    );
    await waitUntil(
      () => topItem(sink, 'window=1m&limit=1000&by=seconds', content.id),
      'event in the 1-minute window',
      10_000,
    );
    const nextMinute = Math.floor(eventMs / 60_000 + 1) * 60_000;
    await new Promise((resolve) => setTimeout(resolve, nextMinute - Date.now() + 1_000));
    expect(await topItem(sink, 'window=1m&limit=1000&by=seconds', content.id)).toBeUndefined();
    expect(await topItem(sink, 'window=1m&limit=1000&by=events', content.id)).toBeUndefined();
    expect(await topItem(sink, 'window=2m&limit=1000&by=seconds', content.id)).toMatchObject({
      score: 12,
    });
    expect(await topItem(sink, `${WINDOW}&by=events`, content.id)).toMatchObject({ score: 1 });
    expect(await stats(sink, content.id)).toMatchObject({ events: 1, engagement_seconds_sum: 12 });
  }, 120_000);

  it('counts events without content under the explicit "unknown" member', async () => {
    const before = await stats(sink, 'unknown');
    const eventId = await db.insertEvent(
      anEvent({
        content_id: null,
        event_type: 'click',
        duration_ms: 7_000,
        event_ts: iso(Date.now()),
      }),
    );
    await waitUntil(
      async () => {
        const recent = await sink.get<{ events: { event_id: string }[] }>(
          '/content/unknown/recent',
        );
        return recent.body.events.some((event) => event.event_id === eventId) ? true : undefined;
      },
      'the event in the unknown member',
      10_000,
    );
    const after = await stats(sink, 'unknown');
    expect(after).toMatchObject({
      content_id: 'unknown',
      slug: null,
      title: null,
      content_type: null,
      events: (before?.events ?? 0) + 1,
      engagement_seconds_sum: (before?.engagement_seconds_sum ?? 0) + 7,
      engagement_pct_count: before?.engagement_pct_count ?? 0,
    });
    expect(after?.events_by_type.click).toBe((before?.events_by_type.click ?? 0) + 1);
    expect(await topItem(sink, `${WINDOW}&by=events`, 'unknown')).toMatchObject({
      content_id: 'unknown',
      slug: null,
    });
  });

  it('answers 400 naming the parameter for bad query parameters, and 404 for content without events', async () => {
    const cases: [string, string][] = [
      ['/top?by=likes', 'by must be one of the following values: seconds, events'],
      ['/top?limit=0', 'limit must not be less than 1'],
      ['/top?limit=abc', 'limit must be an integer number'],
      ['/top?limit=1001', 'limit must not be greater than 1000'],
      ['/top?window=1h', 'window must be a number of minutes like 10m'],
      ['/top?window=11m', 'window must be at most 10m (REDIS_WINDOW_MINUTES)'],
      [
        '/top?content_type=audio',
        'content_type must be one of the following values: podcast, newsletter, video',
      ],
      ['/top?colour=red', 'property colour should not exist'],
      ['/content/not-a-uuid/stats', "id must be a UUID or 'unknown'"],
    ];
    for (const [path, message] of cases) {
      const response = await sink.get<{ statusCode: number; message: string[] }>(path);
      expect({
        path,
        status: response.status,
        named: response.body.message.includes(message),
      }).toEqual({ path, status: 400, named: true });
      const parameter =
        message.split(' ')[0] === 'property' ? 'property' : (message.split(' ')[0] as string);
      expect(response.body.message.filter((text) => !text.startsWith(parameter))).toEqual([]);
    }
    const missing = await sink.get<{ statusCode: number }>(`/content/${randomUUID()}/stats`);
    expect(missing.status).toBe(404);
  });
});
