import { decodeEngagementEvent } from './decode-engagement-event';

const row = {
  id: 42,
  content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  user_id: '0b7f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  event_type: 'play',
  event_ts: '2026-11-22T10:15:30.123456Z',
  duration_ms: 7000,
  device: 'ios',
  raw_payload: '{"position": 12, "tags": ["a"]}',
};

describe('decodeEngagementEvent', () => {
  it('decodes a Debezium row, parsing the JSONB payload', () => {
    expect(decodeEngagementEvent(row)).toEqual({
      ok: true,
      value: {
        id: '42',
        contentId: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
        userId: '0b7f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
        eventType: 'play',
        eventTs: '2026-11-22T10:15:30.123456Z',
        durationMs: 7000,
        device: 'ios',
        rawPayload: { position: 12, tags: ['a'] },
      },
    });
  });

  it('accepts NULL content, user, duration, device and payload', () => {
    const result = decodeEngagementEvent({
      ...row,
      content_id: null,
      user_id: null,
      duration_ms: null,
      device: null,
      raw_payload: null,
    });
    expect(result.ok && result.value.contentId).toBeNull();
    expect(result.ok && result.value.rawPayload).toBeNull();
  });

  it.each([
    [{ ...row, event_type: 'skip' }, 'unknown engagement_events.event_type "skip"'],
    [
      { ...row, duration_ms: '7000' },
      'engagement_events.duration_ms must be an integer >= 0 or null, got string "7000"',
    ],
    [
      { ...row, duration_ms: -1 },
      'engagement_events.duration_ms must be an integer >= 0 or null, got number -1',
    ],
    [
      { ...row, content_id: 'abc' },
      'engagement_events.content_id must be a UUID or null, got string "abc"',
    ],
    [
      { ...row, event_ts: 'infinity' },
      'engagement_events.event_ts must be an ISO-8601 timestamp, got "infinity"',
    ],
    [{ ...row, raw_payload: '{oops' }, 'engagement_events.raw_payload is not valid JSON'],
    [
      { ...row, id: 2 ** 53 + 2 },
      'engagement_events.id must be a positive integer below 2^53, got 9007199254740994',
    ],
    [(({ event_ts: _omit, ...rest }) => rest)(row), 'engagement_events.event_ts is missing'],
    ['not a row', 'engagement_events must be an object'],
  ])('rejects a malformed row with a reason naming the problem (%#)', (input, reason) => {
    expect(decodeEngagementEvent(input)).toEqual({ ok: false, reason });
  });
});
