import { acceptsEnrichedEvent } from './accepts-enriched-event';
import type { EnrichedEngagementEventV1 } from './enriched-engagement-event.v1';
import { validateWithSchema } from './validate-enriched-event';

const valid: EnrichedEngagementEventV1 = {
  schema_version: 1,
  event_id: '42',
  content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  user_id: '0b7e9a52-3c1d-4f4e-8a2b-9c0d1e2f3a4b',
  event_type: 'finish',
  event_ts: '2026-11-22T10:15:30.123456Z',
  duration_ms: 180000,
  device: 'ios',
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

/** Values tried in every field: the valid ones of some field, and the usual ways to be wrong. */
const CANDIDATES: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1,
  1.5,
  1e21,
  '',
  '1',
  '01',
  '-1',
  '9999999999999999999',
  'play',
  'skip',
  'video',
  'book',
  'cdc',
  'replay',
  '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  '6F1C2B1E-8A57-4D0E-9D43-5B8F1B0C2A11',
  '00000000-0000-0000-0000-000000000000',
  '6f1c2b1e-8a57-9d0e-9d43-5b8f1b0c2a11',
  '2026-11-22T10:15:30.123456Z',
  '2026-11-22T10:15:30Z',
  '2026-11-22T10:15:30.500Z',
  '2026-02-30T10:15:30.500Z',
  '2026-11-22T10:15:30.500+01:00',
  true,
  [],
  {},
];

describe('acceptsEnrichedEvent (the fast path)', () => {
  it('accepts the events enrichment writes, with and without nulls', () => {
    expect(acceptsEnrichedEvent({ ...valid })).toBe(true);
    expect(
      acceptsEnrichedEvent({
        ...valid,
        content_id: null,
        user_id: null,
        duration_ms: null,
        device: null,
        raw_payload: null,
        content_slug: null,
        content_title: null,
        content_type: null,
        length_seconds: null,
        publish_ts: null,
        engagement_seconds: null,
        engagement_pct: null,
        source_ts_ms: null,
        source_lsn: null,
        origin: 'backfill',
      }),
    ).toBe(true);
  });

  it('never accepts what the class-validator schema refuses, field by field', () => {
    let accepted = 0;
    let checked = 0;
    for (const field of Object.keys(valid)) {
      for (const candidate of CANDIDATES) {
        const input: Record<string, unknown> = { ...valid, [field]: candidate };
        if (candidate === undefined) {
          delete input[field];
        }
        checked += 1;
        if (acceptsEnrichedEvent(input)) {
          accepted += 1;
          expect({ field, candidate, schema: validateWithSchema(input).ok }).toEqual({
            field,
            candidate,
            schema: true,
          });
        }
      }
    }
    expect(checked).toBe(600);
    // Each field accepts a few of the candidates: the check above is not vacuous.
    expect(accepted).toBeGreaterThan(40);
  });

  it('takes snapshot as optional and boolean, like the schema', () => {
    for (const snapshot of [true, false, undefined, 'true', 1, null]) {
      const input: Record<string, unknown> = { ...valid, snapshot };
      if (snapshot === undefined) {
        delete input['snapshot'];
      }
      const expected = snapshot === undefined || typeof snapshot === 'boolean';
      expect({
        snapshot,
        fast: acceptsEnrichedEvent(input),
        schema: validateWithSchema(input).ok,
      }).toEqual({ snapshot, fast: expected, schema: expected });
    }
  });
});
