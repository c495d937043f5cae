import type { EventType, SinkName } from '@cdc/contracts';

/** What a backfill replays: events with from <= event_ts < to, optionally narrowed. */
export interface BackfillRange {
  /** ISO-8601 UTC with six fraction digits, inclusive. */
  from: string;
  /** ISO-8601 UTC with six fraction digits, exclusive. */
  to: string;
  contentIds: readonly string[] | null;
  eventTypes: readonly EventType[] | null;
}

export interface BackfillRequest extends BackfillRange {
  sinks: readonly SinkName[];
  /** Rows per second. */
  rateLimit: number;
}
