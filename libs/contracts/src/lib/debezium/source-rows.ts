import type { ContentType, EventType } from '../enriched-event/engagement-vocabulary';

/**
 * Source rows as Debezium serialises them: TIMESTAMPTZ as an ISO-8601 UTC string
 * (io.debezium.time.ZonedTimestamp), UUID as a string, JSONB as a JSON *string*,
 * BIGSERIAL as a number.
 */
export interface ContentRowCdc {
  id: string;
  slug: string;
  title: string;
  content_type: ContentType | null;
  length_seconds: number | null;
  publish_ts: string;
}

export interface EngagementEventRowCdc {
  id: number;
  content_id: string | null;
  user_id: string | null;
  event_type: EventType | null;
  event_ts: string;
  duration_ms: number | null;
  device: string | null;
  raw_payload: string | null;
}
