import { decodeEnrichedEvent, ENRICHED_EVENT_SCHEMA, RecordHeaders } from '@cdc/contracts';

import { anEnrichedEvent, enrichedRecord, enrichedStream } from './enriched-builders';
import { randomEvents } from './row-builders';

const decode = (value: string | Buffer | null | undefined) =>
  decodeEnrichedEvent(value === null || value === undefined ? null : Buffer.from(value));

describe('anEnrichedEvent', () => {
  it('is a valid engagement.enriched.v1 event with a synthetic id below 2^53', () => {
    const event = anEnrichedEvent();
    expect(decode(JSON.stringify(event))).toEqual({ ok: true, value: event });
    expect(Number(event.event_id)).toBeGreaterThanOrEqual(8_000_000_000_000);
    expect(Number.isSafeInteger(Number(event.event_id))).toBe(true);
    expect([event.engagement_seconds, event.engagement_pct, event.origin]).toEqual([
      20,
      20,
      'backfill',
    ]);
  });
});

describe('enrichedRecord', () => {
  it('keys by content id and carries the headers the enrichment writes', () => {
    const event = anEnrichedEvent();
    expect(enrichedRecord(event)).toEqual({
      key: event.content_id,
      value: JSON.stringify(event),
      headers: {
        [RecordHeaders.eventId]: event.event_id,
        [RecordHeaders.origin]: 'backfill',
        [RecordHeaders.schema]: ENRICHED_EVENT_SCHEMA,
      },
    });
  });

  it('adds target sinks, even empty ones, and replaces the value when asked', () => {
    const event = anEnrichedEvent();
    expect(enrichedRecord(event, '').headers?.[RecordHeaders.targetSinks]).toBe('');
    expect(enrichedRecord(event, 'redis,bigquery', '{}')).toMatchObject({
      value: '{}',
      headers: { [RecordHeaders.targetSinks]: 'redis,bigquery' },
    });
  });
});

describe('enrichedStream', () => {
  it('spreads valid videos round-robin over new contents, with increasing ids', () => {
    const { events, contentIds } = enrichedStream(6, 3);
    expect(contentIds).toHaveLength(3);
    expect(events.map((event) => event.content_id)).toEqual([...contentIds, ...contentIds]);
    expect(events.every((event) => decode(JSON.stringify(event)).ok)).toBe(true);
    expect(events.every((event) => event.content_type === 'video')).toBe(true);
    const ids = events.map((event) => BigInt(event.event_id));
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
  });
});

describe('randomEvents', () => {
  it('draws events of these contents within the 30 minutes before now', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const rows = randomEvents(['a', 'b'], 200, now);
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      expect(['a', 'b']).toContain(row.content_id);
      const ts = Date.parse(row.event_ts);
      expect(ts).toBeLessThanOrEqual(now);
      expect(ts).toBeGreaterThan(now - 30 * 60_000);
      expect(row.event_ts).toMatch(/\.\d{6}Z$/);
    }
  });
});
