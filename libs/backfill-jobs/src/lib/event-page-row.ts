import { type ContentType, isContentType, type JsonValue } from '@cdc/contracts';
import {
  type ContentRecord,
  decodeEngagementEvent,
  type EngagementEventRecord,
} from '@cdc/enrichment';

import type { KeysetKey } from './keyset-cursor';

/** One row of the page query, as pg returns it (snake_case aliases; c_* from the content join). */
export interface EventPageRow {
  id: string;
  content_id: string | null;
  user_id: string | null;
  event_type: string | null;
  event_ts: string;
  duration_ms: number | null;
  device: string | null;
  /** The JSONB as text, the form Debezium sends it in, so both paths parse it the same way. */
  raw_payload: string | JsonValue | null;
  c_id: string | null;
  c_slug: string | null;
  c_title: string | null;
  c_content_type: string | null;
  c_length_seconds: number | null;
  c_publish_ts: string | null;
}

/** A row of a page: an event to publish, or a row the contract refuses (dead-lettered). */
export type EventPageEntry =
  | {
      kind: 'event';
      /** Where the row sits in (event_ts, id) order: the cursor moves past it either way. */
      key: KeysetKey;
      event: EngagementEventRecord;
      /** The row as read, for a dead letter if its record cannot be produced. */
      row: EventPageRow;
      /** The content as it is now; null when the event has no content or the content is gone. */
      content: ContentRecord | null;
    }
  | { kind: 'rejected'; key: KeysetKey; row: EventPageRow; reason: string };

/**
 * Decodes a joined row with the live path's own decoder (`decodeEngagementEvent`), so a row
 * the live path dead-letters (a NULL or unknown event_type, a negative duration, ...) is
 * refused here with the same reason, and every accepted row is read exactly as live CDC reads it.
 */
export function toPageEntry(row: EventPageRow): EventPageEntry {
  const key = { eventTs: row.event_ts, id: row.id };
  const decoded = decodeEngagementEvent(eventColumns(row));
  if (!decoded.ok) {
    return { kind: 'rejected', key, row, reason: decoded.reason };
  }
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
  return { kind: 'event', key, row, event: decoded.value, content };
}

/** The engagement_events columns of a row, named as in the table (and in Debezium's `after`). */
export function eventColumns(row: EventPageRow): Record<string, unknown> {
  return {
    id: row.id,
    content_id: row.content_id,
    user_id: row.user_id,
    event_type: row.event_type,
    event_ts: row.event_ts,
    duration_ms: row.duration_ms,
    device: row.device,
    raw_payload: row.raw_payload,
  };
}
