import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { rowBytes, toRowParams } from './engagement-row';
import { buildMerge } from './merge-statement';

const event: EnrichedEngagementEventV1 = {
  schema_version: 1,
  event_id: '9007199254740993',
  content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  user_id: null,
  event_type: 'finish',
  event_ts: '2026-11-22T10:15:30.123456Z',
  duration_ms: 7000,
  device: 'ios',
  raw_payload: { position: 7, nested: { ok: true } },
  content_slug: 'deep-dive',
  content_title: 'Deep Dive',
  content_type: 'podcast',
  length_seconds: 300,
  publish_ts: '2026-01-02T03:04:05.000000Z',
  engagement_seconds: 7,
  engagement_pct: 2.33,
  source_ts_ms: 1795343730123,
  source_lsn: 26843136,
  enriched_at: '2026-11-22T10:15:30.500Z',
  origin: 'cdc',
};

describe('toRowParams', () => {
  it('turns every field into the exact decimal or ISO text BigQuery casts from', () => {
    expect(toRowParams(event)).toEqual({
      schema_version: '1',
      event_id: '9007199254740993',
      content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
      user_id: null,
      event_type: 'finish',
      event_ts: '2026-11-22T10:15:30.123456Z',
      duration_ms: '7000',
      device: 'ios',
      raw_payload: '{"position":7,"nested":{"ok":true}}',
      content_slug: 'deep-dive',
      content_title: 'Deep Dive',
      content_type: 'podcast',
      length_seconds: '300',
      publish_ts: '2026-01-02T03:04:05.000000Z',
      engagement_seconds: '7',
      engagement_pct: '2.33',
      source_ts_ms: '1795343730123',
      source_lsn: '26843136',
      enriched_at: '2026-11-22T10:15:30.500Z',
      origin: 'cdc',
    });
  });

  it('keeps NULL enrichment values NULL (a NULL duration gives NULL seconds and percent)', () => {
    const row = toRowParams({
      ...event,
      duration_ms: null,
      engagement_seconds: null,
      engagement_pct: null,
      raw_payload: null,
    });
    expect([row.duration_ms, row.engagement_seconds, row.engagement_pct, row.raw_payload]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('measures a row by its UTF-8 parameter bytes', () => {
    const row = toRowParams({ ...event, device: 'é' });
    expect(rowBytes(row)).toBe(Buffer.byteLength(JSON.stringify(row)));
    expect(rowBytes(row) - rowBytes(toRowParams({ ...event, device: 'e' }))).toBe(1);
  });
});

describe('buildMerge', () => {
  const table = { projectId: 'p', datasetId: 'd', tableId: 't' };
  const early = toRowParams({ ...event, event_id: '1', event_ts: '2026-11-22T09:59:59.999999Z' });
  const late = toRowParams({ ...event, event_id: '2', event_ts: '2026-11-22T10:30:00.000000Z' });

  it('inserts only unmatched event_ids, bounded to the batch event_ts range', () => {
    const statement = buildMerge(table, 'hour', [late, early]);
    expect(statement.query).toContain('MERGE `p.d.t` AS T');
    expect(statement.query).toContain('FROM UNNEST(@rows) AS r');
    expect(statement.query).toContain(
      'ON T.event_id = S.event_id\n  AND T.event_ts BETWEEN TIMESTAMP(@min_event_ts) AND TIMESTAMP(@max_event_ts)\nWHEN NOT MATCHED THEN',
    );
    expect(statement.query).not.toContain('WHEN MATCHED');
    expect(statement.query).toContain('CAST(r.engagement_pct AS NUMERIC) AS engagement_pct');
    expect(statement.query).toContain(
      "PARSE_JSON(r.raw_payload, wide_number_mode => 'round') AS raw_payload",
    );
    expect(statement.query).toContain('TIMESTAMP(r.event_ts) AS event_ts');
    expect(statement.query).toMatch(
      /VALUES \(S\.event_id, .*, S\.origin, CURRENT_TIMESTAMP\(\)\)$/,
    );
    expect(statement.params).toEqual({
      rows: [late, early],
      min_event_ts: '2026-11-22T09:59:59.999999Z',
      max_event_ts: '2026-11-22T10:30:00.000000Z',
    });
    expect(Object.values((statement.types['rows'] as Record<string, string>[])[0] ?? {})).toEqual(
      Array(20).fill('STRING'),
    );
  });

  it('computes and bounds the bucket column in 30m mode', () => {
    const statement = buildMerge(table, '30m', [early, late]);
    expect(statement.query).toContain(
      'AND T.event_ts_bucket_30m BETWEEN @min_bucket AND @max_bucket',
    );
    expect(statement.query).toMatch(
      /CURRENT_TIMESTAMP\(\), DIV\(UNIX_MICROS\(S\.event_ts\), 1800000000\)\)$/,
    );
    expect(statement.params['min_bucket']).toBe(997411);
    expect(statement.params['max_bucket']).toBe(997413);
  });
});
