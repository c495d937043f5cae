import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

/** An enriched event for the specs of this lib; override what a case is about. */
export function anEnrichedEvent(
  overrides: Partial<EnrichedEngagementEventV1> = {},
): EnrichedEngagementEventV1 {
  return {
    schema_version: 1,
    event_id: '42',
    content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
    user_id: null,
    event_type: 'finish',
    event_ts: '2026-11-22T10:15:30.123456Z',
    duration_ms: 180000,
    device: 'ios',
    raw_payload: null,
    content_slug: 'deep-dive',
    content_title: 'Deep Dive',
    content_type: 'video',
    length_seconds: 200,
    publish_ts: '2026-01-02T03:04:05.000000Z',
    engagement_seconds: 180,
    engagement_pct: 90,
    source_ts_ms: 1763806530123,
    source_lsn: 987,
    enriched_at: '2026-11-22T10:15:30.500Z',
    origin: 'cdc',
    ...overrides,
  };
}
