import {
  type BackfillTarget,
  type EnrichedEngagementEventV1,
  enrichedEventHeaders,
  formatTargetSinks,
  RecordHeaders,
} from '@cdc/contracts';
import { enrichEngagementEvent } from '@cdc/enrichment';
import type { OutboundRecord } from '@cdc/kafka';

import type { EventPageEntry } from './event-page-row';

/** Enriches a source row exactly as the live path does, with backfill provenance. */
export function enrichForBackfill(
  entry: Pick<Extract<EventPageEntry, { kind: 'event' }>, 'event' | 'content'>,
  enrichedAt: Date,
): EnrichedEngagementEventV1 {
  return enrichEngagementEvent(entry.event, entry.content, {
    origin: 'backfill',
    sourceTsMs: null,
    sourceLsn: null,
    enrichedAt,
  });
}

/**
 * A record for engagement.backfill.v1: keyed by content_id like the live topic, so each
 * content's events stay ordered on one partition; x-target-sinks names the only sinks that
 * may apply it (and `routes` when the job also targets the route topics).
 */
export function toBackfillRecord(
  event: EnrichedEngagementEventV1,
  jobId: string,
  sinks: readonly BackfillTarget[],
): OutboundRecord {
  return {
    key: event.content_id,
    value: JSON.stringify(event),
    headers: {
      ...enrichedEventHeaders(event),
      [RecordHeaders.targetSinks]: formatTargetSinks(sinks),
      [RecordHeaders.backfillJobId]: jobId,
    },
  };
}
