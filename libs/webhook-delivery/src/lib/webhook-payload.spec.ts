import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { buildPayload, idempotencyKeyFor } from './webhook-payload';

describe('webhook payload v1', () => {
  it('uses the event id as the key of a single event', () => {
    expect(idempotencyKeyFor(['42'])).toBe('42');
  });

  it('derives a stable batch key from the event ids in order', () => {
    const key = idempotencyKeyFor(['1', '2', '3']);
    expect(key).toMatch(/^batch-[0-9a-f]{32}$/);
    expect(idempotencyKeyFor(['1', '2', '3'])).toBe(key);
    expect(idempotencyKeyFor(['1', '3', '2'])).not.toBe(key);
    expect(idempotencyKeyFor(['12', '3'])).not.toBe(idempotencyKeyFor(['1', '23']));
  });

  it('wraps events in the versioned envelope, deterministically', () => {
    const events = [{ event_id: '7' }, { event_id: '8' }] as EnrichedEngagementEventV1[];
    const { key, body } = buildPayload(events);
    expect(JSON.parse(body)).toEqual({
      payload_version: 1,
      type: 'engagement.events',
      idempotency_key: key,
      event_count: 2,
      events,
    });
    expect(buildPayload(events).body).toBe(body);
  });
});
