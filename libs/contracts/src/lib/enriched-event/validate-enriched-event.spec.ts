import type { EnrichedEngagementEventV1 } from './enriched-engagement-event.v1';
import { decodeEnrichedEvent, validateEnrichedEvent } from './validate-enriched-event';

const valid: EnrichedEngagementEventV1 = {
  schema_version: 1,
  event_id: '42',
  content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  user_id: null,
  event_type: 'finish',
  event_ts: '2026-11-22T10:15:30.123456Z',
  duration_ms: 180000,
  device: null,
  raw_payload: { a: 1 },
  content_slug: 'deep-dive',
  content_title: 'Deep Dive',
  content_type: 'video',
  length_seconds: 1800,
  publish_ts: '2026-01-02T03:04:05.000000Z',
  engagement_seconds: 180,
  engagement_pct: 10,
  source_ts_ms: 1763806530123,
  source_lsn: 987,
  enriched_at: '2026-11-22T10:15:30.500Z',
  origin: 'cdc',
};

describe('validateEnrichedEvent', () => {
  it('accepts a complete v1 event', () => {
    expect(validateEnrichedEvent(valid)).toEqual({ ok: true, value: valid });
  });

  it('round-trips through bytes', () => {
    expect(decodeEnrichedEvent(Buffer.from(JSON.stringify(valid)))).toEqual({
      ok: true,
      value: valid,
    });
  });

  it.each([
    [
      { ...valid, event_type: 'skip' },
      'event_type must be one of the following values: play, pause, finish, click',
    ],
    [{ ...valid, event_id: '-1' }, 'event_id must be a positive integer string'],
    [
      { ...valid, event_ts: '2026-11-22T10:15:30Z' },
      'event_ts must be ISO-8601 UTC with microseconds',
    ],
    [
      { ...valid, content_type: 'book' },
      'content_type must be one of the following values: podcast, newsletter, video',
    ],
    [{ ...valid, duration_ms: 1.5 }, 'duration_ms must be an integer number'],
    [{ ...valid, origin: 'replay' }, 'origin must be one of the following values: cdc, backfill'],
  ])('names the offending field (%#)', (input, message) => {
    expect(validateEnrichedEvent(input)).toEqual({ ok: false, errors: [message] });
  });

  it('reports a missing field as missing, even when null would be allowed', () => {
    const { device: _device, ...withoutDevice } = valid;
    expect(validateEnrichedEvent(withoutDevice)).toEqual({
      ok: false,
      errors: ['device is missing'],
    });
  });

  it('refuses bytes that are not JSON, and tombstones', () => {
    expect(decodeEnrichedEvent(Buffer.from('nope')).ok).toBe(false);
    expect(decodeEnrichedEvent(null)).toEqual({
      ok: false,
      errors: ['record has no value (tombstone)'],
    });
  });
});
