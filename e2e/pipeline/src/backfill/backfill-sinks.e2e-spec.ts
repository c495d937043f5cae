import { AppProcess, KafkaFixture, waitUntil } from '@cdc/testing';

import {
  BACKFILL_E2E_PORTS,
  BackfillHarness,
  BigQueryFixture,
  BigquerySinkHarness,
  insertContents,
  job,
  RedisSinkHarness,
  ScratchSource,
  seedHistory,
  startJob,
  stats,
  topItems,
  waitForStatus,
  WebhookSinkHarness,
  yesterdayHour,
} from '../harness';

const PORTS = BACKFILL_E2E_PORTS.sinks;

/** A NUMERIC as a number: the emulator may answer 0E-9 for 0; decimals of at most 9 digits compare exactly. */
const decimal = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

interface BigQueryRow {
  event_id: number;
  n: number;
  origin: string;
  engagement_seconds: unknown;
  engagement_pct: unknown;
  content_title: string | null;
}

/**
 * Backfills into the real sinks. The history lives in a source database that no CDC connector
 * reads (ScratchSource), so the only way these rows can reach a sink is the backfill: the
 * sinks never consumed them live. Each sink starts in a consumer group of its own placed at
 * the current end of the live and backfill topics, and writes to a dataset / key prefix of
 * its own.
 */
describe('backfill: into the sinks, exactly once', () => {
  const source = new ScratchSource();
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const bigquerySink = new BigquerySinkHarness({ name: 'backfill', port: PORTS.bigquerySink });
  const dataset = bigquerySink.dataset;
  const redis = new RedisSinkHarness({ name: 'backfill', port: PORTS.redisSink });
  const backfillHarness = new BackfillHarness({
    name: 'backfill-sinks',
    port: PORTS.backfill,
    env: { ...source.environment, BACKFILL_PAGE_SIZE: '500' },
  });
  let backfill: AppProcess;

  beforeAll(async () => {
    await source.prepare();
    await bigquerySink.placeAtEnd();
    await bigquerySink.start();
    await redis.placeAtEnd();
    await redis.start();
    backfill = await backfillHarness.start();
  });

  afterAll(async () => {
    await backfillHarness.kill('SIGKILL');
    await backfillHarness.close();
    await redis.close();
    await bigquerySink.close();
    await kafka.close();
    await source.close();
  });

  async function bigqueryRows(ids: readonly string[]): Promise<BigQueryRow[]> {
    return bigquery.query<BigQueryRow>(
      `SELECT event_id, COUNT(*) OVER (PARTITION BY event_id) AS n, origin, engagement_seconds, engagement_pct, content_title
       FROM ${bigquery.table(dataset)} WHERE event_id IN (${ids.join(', ')})`,
    );
  }

  /** Waits until the BigQuery sink has applied `count` more backfill records (new or duplicate). */
  async function bigquerySinkApplied(before: number, count: number): Promise<void> {
    await waitUntil(
      async () => {
        return (await bigqueryApplied()) - before >= count ? true : undefined;
      },
      `bigquery-sink applied ${count} records`,
      120_000,
      500,
    );
  }

  async function bigqueryApplied(): Promise<number> {
    return (
      (await bigquerySink.metric('cdc_sink_events_total', {
        sink: 'bigquery',
        outcome: 'written',
      })) +
      (await bigquerySink.metric('cdc_sink_events_total', {
        sink: 'bigquery',
        outcome: 'duplicate',
      }))
    );
  }

  it('5,000 historical rows backfilled to bigquery give exactly one row per id; a second run changes nothing', async () => {
    const contents = await insertContents(source, [300, 1800, null, 0, 301]);
    const start = yesterdayHour();
    const ids = await seedHistory(source, contents, 5000, start);
    const body = {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: contents.map((c) => c.id),
      sinks: ['bigquery'],
      rateLimit: 5000,
    };
    const expected = await source.query<{
      event_id: string;
      engagement_seconds: string | null;
      engagement_pct: string | null;
    }>(
      `SELECT e.id::text AS event_id, (e.duration_ms / 1000.0)::text AS engagement_seconds,
         CASE WHEN c.length_seconds IS NULL OR c.length_seconds = 0 OR e.duration_ms IS NULL THEN NULL
              ELSE round(e.duration_ms / 1000.0 / c.length_seconds * 100, 2)::text END AS engagement_pct
       FROM engagement_events e JOIN content c ON c.id = e.content_id WHERE e.id = ANY($1::bigint[])`,
      [ids],
    );

    const before = await bigqueryApplied();
    const first = await startJob(backfill, body);
    expect(await waitForStatus(backfill, first, 'completed', 120_000)).toMatchObject({
      progress: { rowsDone: 5000, rowsTotal: 5000 },
    });
    await bigquery.waitForRows(dataset, ids, 5000, 120_000);

    const rows = await bigqueryRows(ids);
    expect(rows).toHaveLength(5000);
    expect(rows.every((row) => row.n === 1 && row.origin === 'backfill')).toBe(true);
    expect(new Set(rows.map((row) => String(row.event_id)))).toEqual(new Set(ids));
    const stored = new Map(rows.map((row) => [String(row.event_id), row]));
    for (const want of expected) {
      const row = stored.get(want.event_id)!;
      expect([want.event_id, decimal(row.engagement_seconds), decimal(row.engagement_pct)]).toEqual(
        [want.event_id, decimal(want.engagement_seconds), decimal(want.engagement_pct)],
      );
    }

    // The same backfill again: every record reaches the sink a second time and changes nothing.
    await bigquerySinkApplied(before, 5000);
    const again = await bigqueryApplied();
    const second = await startJob(backfill, body);
    await waitForStatus(backfill, second, 'completed', 120_000);
    await bigquerySinkApplied(again, 5000);
    expect(await bigquery.countOf(dataset, ids)).toBe(5000);
    expect(await bigquery.duplicatedEventIds(dataset)).toEqual([]);
  });

  it('kill -9 of the backfill in the middle of a job, then a restart: exact counts and no duplicate in bigquery', async () => {
    const contents = await insertContents(source, [120, 600]);
    const start = new Date(yesterdayHour().getTime() - 3_600_000);
    const ids = await seedHistory(source, contents, 3000, start);
    const id = await startJob(backfill, {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: contents.map((c) => c.id),
      sinks: ['bigquery'],
      rateLimit: 1000,
    });
    await waitUntil(
      async () => ((await job(backfill, id)).progress.rowsDone >= 1000 ? true : undefined),
      'rows done >= 1000',
      30_000,
      20,
    );
    await backfillHarness.kill('SIGKILL');
    backfill = await backfillHarness.restart();

    const done = await waitForStatus(backfill, id, 'completed', 120_000);
    expect(done.progress).toMatchObject({ rowsDone: 3000, rowsTotal: 3000 });
    expect(done.worker.claims).toBe(2);
    await bigquery.waitForRows(dataset, ids, 3000, 120_000);
    expect(await bigquery.countOf(dataset, ids)).toBe(3000);
    expect(await bigquery.duplicatedEventIds(dataset)).toEqual([]);
  });

  it('a backfill to redis gives per-content totals equal to a SQL aggregate, and leaves the 10-minute window alone', async () => {
    const contents = await insertContents(source, [300, 1800, 60]);
    const start = new Date(yesterdayHour().getTime() - 2 * 3_600_000);
    await seedHistory(source, contents, 3000, start);
    const range = {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: contents.map((c) => c.id),
    };

    // Targeted at bigquery only: redis-sink reads these records and must not apply them.
    const consumedBefore = await redis.metric('cdc_records_consumed_total', {
      topic: 'engagement.backfill.v1',
    });
    const elsewhere = await startJob(backfill, { ...range, sinks: ['bigquery'], rateLimit: 5000 });
    await waitForStatus(backfill, elsewhere, 'completed', 60_000);
    await waitUntil(
      async () =>
        (await redis.metric('cdc_records_consumed_total', {
          topic: 'engagement.backfill.v1',
        })) -
          consumedBefore >=
        3000
          ? true
          : undefined,
      'redis-sink read the bigquery-only records',
      60_000,
      200,
    );
    for (const content of contents) {
      expect(await stats(redis.app, content.id)).toBeUndefined();
    }

    const id = await startJob(backfill, { ...range, sinks: ['redis'], rateLimit: 5000 });
    await waitForStatus(backfill, id, 'completed', 60_000);
    const aggregate = await source.query<{
      content_id: string;
      events: number;
      play: number;
      pause: number;
      finish: number;
      click: number;
      seconds_sum: string;
      seconds_count: number;
      pct_sum: string;
      pct_count: number;
      last_event_ts: string;
    }>(
      `SELECT e.content_id::text, count(*)::int AS events,
         count(*) FILTER (WHERE event_type = 'play')::int AS play, count(*) FILTER (WHERE event_type = 'pause')::int AS pause,
         count(*) FILTER (WHERE event_type = 'finish')::int AS finish, count(*) FILTER (WHERE event_type = 'click')::int AS click,
         COALESCE(sum(e.duration_ms / 1000.0), 0)::text AS seconds_sum, count(e.duration_ms)::int AS seconds_count,
         COALESCE(sum(round(e.duration_ms / 1000.0 / NULLIF(c.length_seconds, 0) * 100, 2)), 0)::text AS pct_sum,
         count(round(e.duration_ms / 1000.0 / NULLIF(c.length_seconds, 0) * 100, 2))::int AS pct_count,
         to_char(max(e.event_ts) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_event_ts
       FROM engagement_events e JOIN content c ON c.id = e.content_id
       WHERE e.content_id = ANY($1::uuid[]) AND e.event_ts >= $2 AND e.event_ts < $3
       GROUP BY e.content_id`,
      [range.contentIds, range.from, range.to],
    );
    expect(aggregate).toHaveLength(3);
    for (const want of aggregate) {
      const got = await waitUntil(
        async () => {
          const current = await stats(redis.app, want.content_id);
          return current && current.events >= want.events ? current : undefined;
        },
        `redis totals of ${want.content_id}`,
        60_000,
        200,
      );
      expect({
        events: got.events,
        events_by_type: got.events_by_type,
        engagement_seconds_sum: got.engagement_seconds_sum,
        engagement_seconds_count: got.engagement_seconds_count,
        engagement_pct_sum: got.engagement_pct_sum,
        engagement_pct_count: got.engagement_pct_count,
        last_event_ts: got.last_event_ts,
      }).toEqual({
        events: want.events,
        events_by_type: {
          play: want.play,
          pause: want.pause,
          finish: want.finish,
          click: want.click,
        },
        engagement_seconds_sum: Number(want.seconds_sum),
        engagement_seconds_count: want.seconds_count,
        engagement_pct_sum: Number(want.pct_sum),
        engagement_pct_count: want.pct_count,
        last_event_ts: want.last_event_ts,
      });
    }
    // Yesterday's events count in the totals but never in the live 10-minute window.
    const ranked = [
      ...(await topItems(redis.app, 'window=10m&by=events&limit=100')),
      ...(await topItems(redis.app, 'window=10m&by=seconds&limit=100')),
    ];
    expect(ranked.filter((item) => range.contentIds.includes(item.content_id))).toEqual([]);
  });

  it('a backfill to webhook delivers every row once by idempotency key; a second run is absorbed by the key', async () => {
    // The reference receiver on a port of this area, so it never meets the webhook tests' receiver.
    const webhook = new WebhookSinkHarness({
      name: 'backfill',
      port: PORTS.webhookSink,
      receiverPort: PORTS.webhookReceiver,
    });
    const receiver = await webhook.receiver.start();
    await webhook.placeAtEnd();
    await webhook.start();
    try {
      const contents = await insertContents(source, [300, 600]);
      await source.query(`UPDATE content SET content_type = 'video' WHERE id = ANY($1::uuid[])`, [
        contents.map((c) => c.id),
      ]);
      const start = new Date(yesterdayHour().getTime() - 3 * 3_600_000);
      const ids = await seedHistory(source, contents, 500, start);
      const body = {
        from: start.toISOString(),
        to: new Date(start.getTime() + 3_600_000).toISOString(),
        contentIds: contents.map((c) => c.id),
        sinks: ['webhook'],
        rateLimit: 5000,
      };
      const wanted = new Set(ids);

      await waitForStatus(backfill, await startJob(backfill, body), 'completed', 60_000);
      const first = await waitUntil(
        async () => {
          const received = await receiver.eventsAmong(wanted);
          return received.length === 500 ? received : undefined;
        },
        '500 events at the receiver',
        120_000,
        500,
      );
      expect(new Set(first.map((event) => event.event_id))).toEqual(wanted);
      // Batched (the default): a request carries many events; each event is recorded once.
      expect(first.filter((event) => event.deliveries !== 1)).toEqual([]);

      await waitForStatus(backfill, await startJob(backfill, body), 'completed', 60_000);
      const second = await waitUntil(
        async () => {
          const received = await receiver.eventsAmong(wanted);
          return received.every((event) => event.deliveries >= 2) ? received : undefined;
        },
        'every event delivered again',
        120_000,
        500,
      );
      // The receiver recorded each event once; the repeat only bumped its delivery count.
      expect(second).toHaveLength(500);
      expect(new Set(second.map((event) => event.event_id))).toEqual(wanted);
    } finally {
      await webhook.close();
    }
  });
});
