import { randomInt, randomUUID } from 'node:crypto';

import {
  ENRICHED_EVENT_SCHEMA,
  type EnrichedEngagementEventV1,
  RecordHeaders,
} from '@cdc/contracts';
import type { OutboundRecord } from '@cdc/kafka';

/** An event id far above the source table's BIGSERIAL range, so it never meets a real one. */
export function syntheticEventId(): string {
  return `8${String(randomInt(0, 2 ** 47)).padStart(17, '0')}`;
}

/** A valid enriched event, as the enrichment or the backfill would produce it. */
export function syntheticEvent(
  overrides: Partial<EnrichedEngagementEventV1> = {},
): EnrichedEngagementEventV1 {
  return {
    schema_version: 1,
    event_id: syntheticEventId(),
    content_id: randomUUID(),
    user_id: randomUUID(),
    event_type: 'play',
    event_ts: new Date().toISOString().replace('Z', '000Z'),
    duration_ms: 20_000,
    device: 'web',
    raw_payload: null,
    content_slug: 'synthetic',
    content_title: 'Synthetic',
    content_type: 'podcast',
    length_seconds: 100,
    publish_ts: '2026-01-02T03:04:05.000000Z',
    engagement_seconds: 20,
    engagement_pct: 20,
    source_ts_ms: null,
    source_lsn: null,
    enriched_at: new Date().toISOString(),
    origin: 'backfill',
    ...overrides,
  };
}

export function asRecord(
  event: EnrichedEngagementEventV1,
  headers: Record<string, string> = {},
): OutboundRecord {
  return {
    key: event.content_id,
    value: JSON.stringify(event),
    headers: {
      [RecordHeaders.eventId]: event.event_id,
      [RecordHeaders.origin]: event.origin,
      [RecordHeaders.schema]: ENRICHED_EVENT_SCHEMA,
      ...headers,
    },
  };
}
