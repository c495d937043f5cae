import { createHash } from 'node:crypto';

import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

/** Version of this client; part of the User-Agent. Bump it with any change a receiver can see. */
export const WEBHOOK_CLIENT_VERSION = '2.0.0';
export const WEBHOOK_USER_AGENT = `engagement-cdc-webhook/${WEBHOOK_CLIENT_VERSION}`;
export const WEBHOOK_PAYLOAD_TYPE = 'engagement.events';

/**
 * Payload v1: always an array of events, so receivers have one shape whatever the batch size.
 * Deterministic for a given list of events (no send time inside: that travels in webhook-timestamp),
 * so a retried request carries the same bytes under the same webhook-id.
 */
export interface WebhookPayloadV1 {
  payload_version: 1;
  type: typeof WEBHOOK_PAYLOAD_TYPE;
  idempotency_key: string;
  event_count: number;
  events: EnrichedEngagementEventV1[];
}

/**
 * The event id for a single event; for a batch, a hash of its event ids in order, so the same
 * batch always gets the same key. A batch formed differently after a restart gets a new key;
 * receivers that need per-event dedup across batches use each event's event_id.
 */
export function idempotencyKeyFor(eventIds: readonly string[]): string {
  if (eventIds.length === 1) {
    return eventIds[0] as string;
  }
  const digest = createHash('sha256').update(eventIds.join(',')).digest('hex');
  return `batch-${digest.slice(0, 32)}`;
}

export function buildPayload(events: readonly EnrichedEngagementEventV1[]): {
  key: string;
  body: string;
} {
  const key = idempotencyKeyFor(events.map((event) => event.event_id));
  const payload: WebhookPayloadV1 = {
    payload_version: 1,
    type: WEBHOOK_PAYLOAD_TYPE,
    idempotency_key: key,
    event_count: events.length,
    events: [...events],
  };
  return { key, body: JSON.stringify(payload) };
}
