import { enrichForBackfill, toBackfillRecord } from './backfill-record';
import { type EventPageEntry, type EventPageRow, toPageEntry } from './event-page-row';

/** The accepted entry of a row, failing the test if the row is refused. */
function accepted(row: EventPageRow): Extract<EventPageEntry, { kind: 'event' }> {
  const entry = toPageEntry(row);
  if (entry.kind !== 'event') {
    throw new Error(`refused: ${entry.reason}`);
  }
  return entry;
}

const ROW: EventPageRow = {
  id: '9007199254740991',
  content_id: '6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f',
  user_id: '0b7e6a52-90c4-4a8e-8a43-8e1f0f4f6a10',
  event_type: 'play',
  event_ts: '2026-11-20T08:30:15.123456Z',
  duration_ms: 7000,
  device: 'ios',
  raw_payload: '{"nested": {"n": 1}, "session": "abc"}',
  c_id: '6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f',
  c_slug: 'deep-dive',
  c_title: 'Deep Dive (edited)',
  c_content_type: 'podcast',
  c_length_seconds: 300,
  c_publish_ts: '2026-01-02T03:04:05.000006Z',
};

describe('backfill records', () => {
  const enrichedAt = new Date('2026-11-22T01:02:03.004Z');

  it('enriches a joined row exactly like the live path, with backfill provenance', () => {
    expect(enrichForBackfill(accepted(ROW), enrichedAt)).toEqual({
      schema_version: 1,
      event_id: '9007199254740991',
      content_id: '6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f',
      user_id: '0b7e6a52-90c4-4a8e-8a43-8e1f0f4f6a10',
      event_type: 'play',
      event_ts: '2026-11-20T08:30:15.123456Z',
      duration_ms: 7000,
      device: 'ios',
      raw_payload: { session: 'abc', nested: { n: 1 } },
      content_slug: 'deep-dive',
      content_title: 'Deep Dive (edited)',
      content_type: 'podcast',
      length_seconds: 300,
      publish_ts: '2026-01-02T03:04:05.000006Z',
      engagement_seconds: 7,
      engagement_pct: 2.33,
      source_ts_ms: null,
      source_lsn: null,
      enriched_at: '2026-11-22T01:02:03.004Z',
      origin: 'backfill',
    });
  });

  it('keeps an event without content, with NULL content fields and NULL figures for a NULL duration', () => {
    const orphan = {
      ...ROW,
      content_id: null,
      duration_ms: null,
      c_id: null,
      c_slug: null,
      c_title: null,
      c_content_type: null,
      c_length_seconds: null,
      c_publish_ts: null,
    };
    const enriched = enrichForBackfill(accepted(orphan), enrichedAt);
    expect(enriched).toMatchObject({
      content_id: null,
      content_slug: null,
      content_title: null,
      content_type: null,
      length_seconds: null,
      publish_ts: null,
      engagement_seconds: null,
      engagement_pct: null,
    });
  });

  it('refuses a row the live decoder refuses, with the live reason, keeping its keyset position', () => {
    for (const [change, reason] of [
      [{ event_type: null }, 'unknown engagement_events.event_type null'],
      [{ event_type: 'scroll' }, 'unknown engagement_events.event_type "scroll"'],
      [
        { duration_ms: -5 },
        'engagement_events.duration_ms must be an integer >= 0 or null, got number -5',
      ],
    ] as const) {
      expect(toPageEntry({ ...ROW, ...change })).toEqual({
        kind: 'rejected',
        key: { eventTs: '2026-11-20T08:30:15.123456Z', id: '9007199254740991' },
        row: { ...ROW, ...change },
        reason,
      });
    }
  });

  it('parses the JSONB text as the live path does, scalars included', () => {
    expect(accepted({ ...ROW, raw_payload: '"just text"' }).event.rawPayload).toBe('just text');
    expect(accepted({ ...ROW, raw_payload: '123' }).event.rawPayload).toBe(123);
  });

  it('keys by content id and names the target sinks and the job in headers', () => {
    const event = enrichForBackfill(accepted(ROW), enrichedAt);
    const record = toBackfillRecord(event, '3d9b0c1a-7a8e-4f1e-9b2a-5c6d7e8f9a0b', [
      'bigquery',
      'redis',
    ]);
    expect(record.key).toBe('6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f');
    expect(JSON.parse(record.value as string)).toEqual(event);
    expect(record.headers).toEqual({
      'x-event-id': '9007199254740991',
      'x-origin': 'backfill',
      'x-schema': 'engagement.enriched/v1',
      'x-target-sinks': 'bigquery,redis',
      'x-backfill-job-id': '3d9b0c1a-7a8e-4f1e-9b2a-5c6d7e8f9a0b',
    });
  });
});
