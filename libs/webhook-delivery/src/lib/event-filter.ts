import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

/** Matches events with a NULL content_type in the content-type list. */
export const UNKNOWN_CONTENT_TYPE = 'unknown';

export interface EventFilterOptions {
  /** Empty: every event type. */
  eventTypes: readonly string[];
  /** Empty: every content type; "unknown" matches a NULL content_type. */
  contentTypes: readonly string[];
  /** Empty: every origin (cdc, backfill). */
  origins: readonly string[];
  /** Drop snapshot reads (`snapshot: true`): an initial snapshot is history, not live traffic. */
  excludeSnapshotReads?: boolean;
}

/** Chooses which events are sent. Each list that is not empty must contain the event's value. */
export class EventFilter {
  private readonly eventTypes: ReadonlySet<string>;
  private readonly contentTypes: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;
  private readonly excludeSnapshotReads: boolean;

  constructor(options: EventFilterOptions) {
    this.excludeSnapshotReads = options.excludeSnapshotReads ?? false;
    this.eventTypes = new Set(options.eventTypes);
    this.contentTypes = new Set(options.contentTypes);
    this.origins = new Set(options.origins);
  }

  matches(event: EnrichedEngagementEventV1): boolean {
    return (
      allows(this.eventTypes, event.event_type) &&
      allows(this.contentTypes, event.content_type ?? UNKNOWN_CONTENT_TYPE) &&
      allows(this.origins, event.origin) &&
      !(this.excludeSnapshotReads && event.snapshot === true)
    );
  }
}

function allows(set: ReadonlySet<string>, value: string): boolean {
  return set.size === 0 || set.has(value);
}
