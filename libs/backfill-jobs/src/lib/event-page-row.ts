import {
  type ContentType,
  type EventType,
  isContentType,
  isEventType,
  type JsonValue,
} from '@cdc/contracts';
import type { ContentRecord, EngagementEventRecord } from '@cdc/enrichment';

/** One row of the page query, as pg returns it (snake_case aliases; c_* from the content join). */
export interface EventPageRow {
  id: string;
  content_id: string | null;
  user_id: string | null;
  event_type: string | null;
  event_ts: string;
  duration_ms: number | null;
  device: string | null;
  raw_payload: JsonValue | null;
  c_id: string | null;
  c_slug: string | null;
  c_title: string | null;
  c_content_type: string | null;
  c_length_seconds: number | null;
  c_publish_ts: string | null;
}

/**
 * Maps a joined row to the records enrichment takes. The columns' CHECK constraints make an
 * unknown event_type impossible; a row that breaks them anyway stops the job loudly rather
 * than being published with a made-up value.
 */
export function toSourceRecords(row: EventPageRow): {
  event: EngagementEventRecord;
  content: ContentRecord | null;
} {
  if (!isEventType(row.event_type)) {
    throw new Error(
      `engagement_events ${row.id} has event_type ${JSON.stringify(row.event_type)}, which the contract does not allow`,
    );
  }
  const event: EngagementEventRecord = {
    id: row.id,
    contentId: row.content_id,
    userId: row.user_id,
    eventType: row.event_type satisfies EventType,
    eventTs: row.event_ts,
    durationMs: row.duration_ms,
    device: row.device,
    rawPayload: row.raw_payload,
  };
  const content: ContentRecord | null =
    row.c_id === null
      ? null
      : {
          id: row.c_id,
          slug: row.c_slug ?? '',
          title: row.c_title ?? '',
          contentType: isContentType(row.c_content_type)
            ? (row.c_content_type satisfies ContentType)
            : null,
          lengthSeconds: row.c_length_seconds,
          publishTs: row.c_publish_ts ?? '',
        };
  return { event, content };
}
