import type { ContentType, EventType, JsonValue } from '@cdc/contracts';

/** An engagement event after decoding, whatever it was read from (CDC or a SQL query). */
export interface EngagementEventRecord {
  id: string;
  contentId: string | null;
  userId: string | null;
  eventType: EventType;
  /** ISO-8601 UTC with six fraction digits. */
  eventTs: string;
  durationMs: number | null;
  device: string | null;
  rawPayload: JsonValue | null;
}

export interface ContentRecord {
  id: string;
  slug: string;
  title: string;
  contentType: ContentType | null;
  lengthSeconds: number | null;
  /** ISO-8601 UTC with six fraction digits. */
  publishTs: string;
}
