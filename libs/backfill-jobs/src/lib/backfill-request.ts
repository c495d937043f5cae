import type { BackfillTarget, EventType } from '@cdc/contracts';

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
  /** Sinks, and `routes`: the route topics of ROUTES_FILE. */
  sinks: readonly BackfillTarget[];
  /** Rows per second. */
  rateLimit: number;
}
