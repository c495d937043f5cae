import { Topics } from '@cdc/contracts';
import {
  aContent,
  anEnrichedEvent,
  anEvent,
  type AppProcess,
  enrichedRecord,
  KafkaFixture,
  SourceDbFixture,
} from '@cdc/testing';

import {
  BigQueryFixture,
  BigquerySinkHarness,
  canonicalDecimal,
  EnrichmentHarness,
} from '../harness';

const DATASET = 'e2e_bq_exact_rows';

interface StoredRow {
  event_id: number;
  content_id: string | null;
  user_id: string | null;
  event_type: string;
  event_ts_us: number;
  duration_ms: number | null;
  device: string | null;
  payload: string | null;
  content_slug: string | null;
  content_type: string | null;
  length_seconds: number | null;
  publish_ts_us: number | null;
  engagement_seconds: unknown;
  engagement_pct: unknown;
  source_ts_ms: number | null;
  origin: string;
}

describe('bigquery-sink: known Postgres inserts give exactly those rows', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const harness = new BigquerySinkHarness({ name: 'bq-exact-rows', dataset: DATASET });
  const enrichment = new EnrichmentHarness({ name: 'bq-exact-rows' });
  let sink: AppProcess;

  beforeAll(async () => {
    await bigquery.dropDataset(DATASET);
    await enrichment.start();
    await harness.placeAtEnd();
    sink = await harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await enrichment.close();
    await kafka.close();
    await db.close();
  });

  async function rowsOf(eventIds: readonly string[]): Promise<Map<string, StoredRow>> {
    const rows = await bigquery.query<StoredRow>(
      `SELECT event_id, content_id, user_id, event_type, UNIX_MICROS(event_ts) AS event_ts_us, duration_ms, device,
              TO_JSON_STRING(raw_payload) AS payload, content_slug, content_type, length_seconds,
              UNIX_MICROS(publish_ts) AS publish_ts_us, engagement_seconds, engagement_pct, source_ts_ms, origin
       FROM ${bigquery.table(DATASET)} WHERE event_id IN (${eventIds.join(', ')})`,
    );
    return new Map(rows.map((row) => [String(row.event_id), row]));
  }

  it('writes each enriched event once, with exact NUMERIC and NULL values', async () => {
    const podcast = await db.insertContent(
      aContent({ content_type: 'podcast', length_seconds: 300 }),
    );
    const ids = await db.insertEvents([
      anEvent({
        content_id: podcast.id,
        event_type: 'finish',
        duration_ms: 7000,
        device: 'ios',
        event_ts: '2026-11-22T10:15:30.123456Z',
        raw_payload: { position: 7, nested: { ok: true } },
      }),
      anEvent({
        content_id: podcast.id,
        event_type: 'pause',
        duration_ms: null,
        device: null,
        event_ts: '2026-11-22T10:45:00.000001Z',
        raw_payload: null,
      }),
      anEvent({
        content_id: null,
        event_type: 'click',
        duration_ms: 1500,
        event_ts: '2026-11-22T11:00:00.000000Z',
      }),
    ]);

    await bigquery.waitForRows(DATASET, ids);
    const rows = await rowsOf(ids);

    expect(rows.size).toBe(3);
    const finished = rows.get(ids[0]!)!;
    expect({
      ...finished,
      payload: JSON.parse(finished.payload ?? 'null'),
      engagement_seconds: canonicalDecimal(finished.engagement_seconds),
      engagement_pct: canonicalDecimal(finished.engagement_pct),
    }).toEqual({
      event_id: Number(ids[0]),
      content_id: podcast.id,
      user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      event_type: 'finish',
      event_ts_us: 1795342530123456,
      duration_ms: 7000,
      device: 'ios',
      payload: { position: 7, nested: { ok: true } },
      content_slug: podcast.slug,
      content_type: 'podcast',
      length_seconds: 300,
      publish_ts_us: 1767323045000000,
      engagement_seconds: '7',
      engagement_pct: '2.33',
      source_ts_ms: expect.any(Number),
      origin: 'cdc',
    });
    const paused = rows.get(ids[1]!)!;
    expect([
      paused.duration_ms,
      paused.engagement_seconds,
      paused.engagement_pct,
      paused.device,
      paused.payload,
      paused.event_ts_us,
    ]).toEqual([null, null, null, null, null, 1795344300000001]);
    const clicked = rows.get(ids[2]!)!;
    expect([
      clicked.content_id,
      clicked.content_type,
      clicked.length_seconds,
      canonicalDecimal(clicked.engagement_seconds),
      clicked.engagement_pct,
    ]).toEqual([null, null, null, '1.5', null]);
    expect(await bigquery.duplicatedEventIds(DATASET)).toEqual([]);
  });

  it('applies a backfill record only when bigquery is among its target sinks, and never twice', async () => {
    const forRedis = anEnrichedEvent();
    const forBigquery = anEnrichedEvent({
      event_type: 'finish',
      duration_ms: 9000,
      engagement_seconds: 9,
      engagement_pct: 3,
    });
    const allSinks = anEnrichedEvent({ event_type: 'click' });
    await kafka.produce(Topics.backfill, [
      enrichedRecord(forRedis, 'redis'),
      enrichedRecord(forBigquery, 'redis,bigquery'),
      enrichedRecord(forBigquery, 'bigquery'),
      enrichedRecord(allSinks),
    ]);
    const marker = anEnrichedEvent();
    await kafka.produce(Topics.backfill, [enrichedRecord(marker, 'bigquery')]);

    await bigquery.waitForRows(DATASET, [marker.event_id]);
    const rows = await rowsOf([forRedis.event_id, forBigquery.event_id, allSinks.event_id]);

    expect([...rows.keys()].sort()).toEqual([forBigquery.event_id, allSinks.event_id].sort());
    const backfilled = rows.get(forBigquery.event_id)!;
    expect([
      backfilled.origin,
      backfilled.source_ts_ms,
      backfilled.event_type,
      canonicalDecimal(backfilled.engagement_seconds),
      canonicalDecimal(backfilled.engagement_pct),
    ]).toEqual(['backfill', null, 'finish', '9', '3']);
    expect(await bigquery.countOf(DATASET, [forBigquery.event_id])).toBe(1);
  });

  it('reports the bigquery dependency in readiness', async () => {
    const { status, body } = await sink.get<{
      details: Record<string, { status: string; dataset?: string }>;
    }>('/health');
    expect(status).toBe(200);
    expect(body.details['bigquery']).toEqual({
      status: 'up',
      dataset: `engagement-local.${DATASET}`,
    });
  });
});
