import { type EnrichedEngagementEventV1, enrichedEventHeaders } from '@cdc/contracts';
import type { OutboundRecord } from '@cdc/kafka';

/** Keyed by content_id so each content's events stay in order on one partition. */
export function toEnrichedRecord(event: EnrichedEngagementEventV1): OutboundRecord {
  return {
    key: event.content_id,
    value: JSON.stringify(event),
    headers: enrichedEventHeaders(event),
  };
}
