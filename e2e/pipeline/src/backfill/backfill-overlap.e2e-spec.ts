import { randomUUID } from 'node:crypto';

import { AppProcess, KafkaFixture, SourceDbFixture, waitUntil } from '@cdc/testing';

import {
  BACKFILL_E2E_PORTS,
  BackfillHarness,
  BigQueryFixture,
  BigquerySinkHarness,
  EnrichmentHarness,
  insertContents,
  RedisSinkHarness,
  startJob,
  stats,
  topItem,
  waitForStatus,
} from '../harness';

const PORTS = BACKFILL_E2E_PORTS.overlap;

/**
 * A backfill over rows that live CDC already delivered: the real source database, enrichment
 * and both sinks running. Every sink ends with each event exactly once, and the live 10-minute
 * window is not counted twice either.
 */
describe('backfill: overlapping live CDC never double counts', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const bigquerySink = new BigquerySinkHarness({
    name: 'backfill-overlap',
    port: PORTS.bigquerySink,
  });
  const dataset = bigquerySink.dataset;
  const redis = new RedisSinkHarness({ name: 'backfill-overlap', port: PORTS.redisSink });
  const enrichment = new EnrichmentHarness({ name: 'backfill-overlap', port: PORTS.enrichment });
  const backfillHarness = new BackfillHarness({ name: 'backfill-overlap', port: PORTS.backfill });
  let backfill: AppProcess;

  beforeAll(async () => {
    await bigquerySink.placeAtEnd();
    await bigquerySink.start();
    await redis.placeAtEnd();
    await redis.start();
    await enrichment.start();
    backfill = await backfillHarness.start();
  });

  afterAll(async () => {
    await backfillHarness.close();
    await redis.close();
    await enrichment.close();
    await bigquerySink.close();
    await kafka.close();
    await db.close();
  });

  it('live events backfilled again stay exactly once in bigquery and redis', async () => {
    const [content] = await insertContents(db, [300]);
    const now = Date.now();
    const rows = Array.from({ length: 300 }, (_, n) => ({
      content_id: content!.id,
      user_id: randomUUID(),
      event_type: (['play', 'pause', 'finish', 'click'] as const)[n % 4]!,
      event_ts: new Date(now - 60_000 + n).toISOString(),
      duration_ms: n % 5 === 0 ? null : 1000 + n,
      device: 'web',
      raw_payload: { n },
    }));
    const ids = await db.insertEvents(rows);
    const [truth] = await db.query<{ seconds_sum: string; events: number }>(
      `SELECT count(*)::int AS events, sum(duration_ms / 1000.0)::text AS seconds_sum FROM engagement_events WHERE id = ANY($1::bigint[])`,
      [ids],
    );

    // Live path first: Debezium → enrichment → both sinks.
    await bigquery.waitForRows(dataset, ids, 300, 120_000);
    const live = await waitUntil(
      async () => {
        const current = await stats(redis.app, content!.id);
        return current && current.events >= 300 ? current : undefined;
      },
      'live redis totals',
      60_000,
      200,
    );
    const liveTop = await topItem(redis.app, 'window=10m&by=events&limit=100', content!.id);
    expect(live.events).toBe(300);
    expect(live.engagement_seconds_sum).toBe(Number(truth!.seconds_sum));
    expect(liveTop?.score).toBe(300);

    const duplicatesBefore = {
      bigquery: await bigquerySink.metric('cdc_sink_events_total', {
        sink: 'bigquery',
        outcome: 'duplicate',
      }),
      redis: await redis.metric('cdc_sink_events_total', {
        sink: 'redis',
        outcome: 'duplicate',
      }),
    };
    const id = await startJob(backfill, {
      from: new Date(now - 3_600_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
      contentIds: [content!.id],
      sinks: ['bigquery', 'redis'],
    });
    expect((await waitForStatus(backfill, id, 'completed', 60_000)).progress).toMatchObject({
      rowsDone: 300,
      rowsTotal: 300,
    });
    // Both sinks saw every backfilled record and recognised it as already applied.
    await waitUntil(
      async () =>
        (await bigquerySink.metric('cdc_sink_events_total', {
          sink: 'bigquery',
          outcome: 'duplicate',
        })) -
          duplicatesBefore.bigquery >=
        300
          ? true
          : undefined,
      'bigquery-sink duplicates',
      120_000,
      500,
    );
    await waitUntil(
      async () =>
        (await redis.metric('cdc_sink_events_total', {
          sink: 'redis',
          outcome: 'duplicate',
        })) -
          duplicatesBefore.redis >=
        300
          ? true
          : undefined,
      'redis-sink duplicates',
      60_000,
      200,
    );

    expect(await bigquery.countOf(dataset, ids)).toBe(300);
    expect(await bigquery.duplicatedEventIds(dataset)).toEqual([]);
    const origins = await bigquery.query<{ origin: string; n: number }>(
      `SELECT origin, COUNT(*) AS n FROM ${bigquery.table(dataset)} WHERE event_id IN (${ids.join(', ')}) GROUP BY origin`,
    );
    expect(origins).toEqual([{ origin: 'cdc', n: 300 }]);
    expect(await stats(redis.app, content!.id)).toEqual(live);
    expect((await topItem(redis.app, 'window=10m&by=events&limit=100', content!.id))?.score).toBe(
      300,
    );
  });
});
