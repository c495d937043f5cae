import type { EnrichedEngagementEventV1, Origin } from '@cdc/contracts';

import type { ContentRecord, EngagementEventRecord } from './domain-records';
import { engagementPct, engagementSeconds } from './engagement-math';

export interface Provenance {
  origin: Origin;
  sourceTsMs: number | null;
  sourceLsn: number | null;
  enrichedAt: Date;
  /** A snapshot read; marks the event `snapshot: true` (absent otherwise). */
  snapshot?: boolean;
}

/**
 * Joins an event with its content (null when unknown) into the v1 contract.
 * Pure: the same inputs always give the same output, live or in a backfill.
 */
export function enrichEngagementEvent(
  event: EngagementEventRecord,
  content: ContentRecord | null,
  provenance: Provenance,
): EnrichedEngagementEventV1 {
  const lengthSeconds = content?.lengthSeconds ?? null;
  return {
    schema_version: 1,
    event_id: event.id,
    content_id: event.contentId,
    user_id: event.userId,
    event_type: event.eventType,
    event_ts: event.eventTs,
    duration_ms: event.durationMs,
    device: event.device,
    raw_payload: event.rawPayload,
    content_slug: content?.slug ?? null,
    content_title: content?.title ?? null,
    content_type: content?.contentType ?? null,
    length_seconds: lengthSeconds,
    publish_ts: content?.publishTs ?? null,
    engagement_seconds: engagementSeconds(event.durationMs),
    engagement_pct: engagementPct(event.durationMs, lengthSeconds),
    source_ts_ms: provenance.sourceTsMs,
    source_lsn: provenance.sourceLsn,
    enriched_at: provenance.enrichedAt.toISOString(),
    origin: provenance.origin,
    ...(provenance.snapshot === true ? { snapshot: true } : {}),
  };
}
