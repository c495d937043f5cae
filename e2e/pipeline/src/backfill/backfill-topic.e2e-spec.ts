import { Topics } from '@cdc/contracts';
import { type AppProcess, KafkaFixture, SourceDbFixture } from '@cdc/testing';

import {
  BackfillHarness,
  expectedEnriched,
  insertContents,
  job,
  seedHistory,
  startJob,
  waitForStatus,
  yesterdayHour,
} from '../harness';

/**
 * What the backfill publishes, record by record: one record per source row in the range,
 * enriched with the content as it is NOW, with backfill provenance and routing headers.
 */
describe('backfill: records on engagement.backfill.v1', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const backfill = new BackfillHarness({ name: 'topic', env: { BACKFILL_PAGE_SIZE: '1000' } });
  let app: AppProcess;

  beforeAll(async () => {
    app = await backfill.start();
  });

  afterAll(async () => {
    await backfill.close();
    await kafka.close();
    await db.close();
  });

  it('publishes exactly one exact record per row of 5,000 historical rows, with current content values', async () => {
    const contents = await insertContents(db, [300, 1800, null, 0, 301]);
    const start = yesterdayHour();
    const ids = await seedHistory(db, contents, 5000, start);
    // The content changed after the events: a backfill uses what the content says today.
    await db.query(
      `UPDATE content SET title = title || ' (renamed)', length_seconds = 600 WHERE id = $1`,
      [contents[0]!.id],
    );
    const expected = await expectedEnriched(db, ids);
    const tail = await kafka.tail([Topics.backfill]);

    const id = await startJob(app, {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: contents.map((content) => content.id),
      sinks: ['bigquery', 'redis'],
      rateLimit: 10_000,
    });
    const done = await waitForStatus(app, id, 'completed');
    await tail.waitFor((record) => record.headers['x-backfill-job-id'] === id, 5000, 60_000);
    // Anything beyond 5,000 would arrive right behind the last one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const all = tail.records.filter((record) => record.headers['x-backfill-job-id'] === id);

    expect(all).toHaveLength(5000);
    const byId = new Map(all.map((record) => [record.headers['x-event-id'], record]));
    expect([...byId.keys()].sort()).toEqual([...ids].sort());
    const startedMs = Date.parse(done.startedAt as string);
    const finishedMs = Date.parse(done.finishedAt as string);
    for (const eventId of ids) {
      const record = byId.get(eventId)!;
      const value = JSON.parse(record.value!.toString()) as Record<string, unknown>;
      const { enriched_at: enrichedAt, ...rest } = value;
      expect(rest).toEqual(expected.get(eventId));
      expect(Date.parse(enrichedAt as string)).toBeGreaterThanOrEqual(startedMs - 1);
      expect(Date.parse(enrichedAt as string)).toBeLessThanOrEqual(finishedMs + 1);
      expect(record.key?.toString()).toBe(value['content_id']);
      expect(record.headers).toEqual({
        'x-event-id': eventId,
        'x-origin': 'backfill',
        'x-schema': 'engagement.enriched/v1',
        'x-target-sinks': 'bigquery,redis',
        'x-backfill-job-id': id,
      });
    }
    // Spot checks of the oracle itself, so the comparison above is known to be meaningful.
    const renamed = JSON.parse(byId.get(ids[0]!)!.value!.toString()) as Record<string, unknown>;
    expect(renamed).toMatchObject({
      content_title: `${contents[0]!.title} (renamed)`,
      length_seconds: 600,
      duration_ms: 7000,
      engagement_seconds: 7,
      engagement_pct: 1.17,
    });
    expect(JSON.parse(byId.get(ids[1]!)!.value!.toString())).toMatchObject({
      length_seconds: 1800,
      duration_ms: 60000,
      engagement_seconds: 60,
      engagement_pct: 3.33,
    });

    const last = [...expected.values()]
      .sort((a, b) =>
        a['event_ts'] === b['event_ts']
          ? Number(a['event_id']) - Number(b['event_id'])
          : String(a['event_ts']) < String(b['event_ts'])
            ? -1
            : 1,
      )
      .at(-1)!;
    expect(done).toMatchObject({
      status: 'completed',
      progress: {
        percent: 100,
        rowsDone: 5000,
        rowsTotal: 5000,
        pagesDone: 5,
        recordsPublished: 5000,
        etaSeconds: null,
      },
      cursor: { eventTs: last['event_ts'], id: last['event_id'] },
      errors: { count: 0, last: null },
      worker: { claims: 1 },
    });
  });

  it('filters by event type and keeps events whose content is NULL', async () => {
    // A range of its own, far in the past, so nothing else falls into it.
    const start = new Date(Date.UTC(2001, 0, 1, 0, 0, Math.floor(Math.random() * 86_000)));
    const iso = (ms: number, micros: string) =>
      `${new Date(start.getTime() + ms).toISOString().slice(0, 19)}.${micros}Z`;
    const [content] = await insertContents(db, [300]);
    const ids = await db.insertEvents([
      {
        content_id: null,
        user_id: null,
        event_type: 'play',
        event_ts: iso(0, '000001'),
        duration_ms: 9000,
        device: null,
        raw_payload: null,
      },
      {
        content_id: content!.id,
        user_id: null,
        event_type: 'click',
        event_ts: iso(0, '000002'),
        duration_ms: null,
        device: 'web',
        raw_payload: { a: 1 },
      },
      {
        content_id: content!.id,
        user_id: null,
        event_type: 'play',
        event_ts: iso(1000, '999999'),
        duration_ms: 9000,
        device: 'web',
        raw_payload: [1, 2],
      },
    ]);
    const expected = await expectedEnriched(db, ids);
    const tail = await kafka.tail([Topics.backfill]);

    const id = await startJob(app, {
      from: start.toISOString(),
      to: new Date(start.getTime() + 2000).toISOString(),
      eventTypes: ['play'],
      sinks: ['webhook'],
    });
    const done = await waitForStatus(app, id, 'completed');
    const records = await tail.waitFor(
      (record) => record.headers['x-backfill-job-id'] === id,
      2,
      30_000,
    );

    expect(records.map((record) => record.headers['x-event-id']).sort()).toEqual(
      [ids[0], ids[2]].sort(),
    );
    const orphan = records.find((record) => record.headers['x-event-id'] === ids[0])!;
    expect(orphan.key).toBeNull();
    expect(JSON.parse(orphan.value!.toString())).toMatchObject({
      ...expected.get(ids[0]!),
      content_slug: null,
      engagement_seconds: 9,
      engagement_pct: null,
    });
    expect(orphan.headers['x-target-sinks']).toBe('webhook');
    expect((await job(app, id)).progress).toMatchObject({
      rowsDone: 2,
      rowsTotal: 2,
      pagesDone: 1,
    });
    expect(done.cursor).toEqual({ eventTs: iso(1000, '999999'), id: ids[2] });
  });
});
