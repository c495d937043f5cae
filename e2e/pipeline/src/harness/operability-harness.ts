import { decodeEnrichedEvent, parseTargetSinks, RecordHeaders } from '@cdc/contracts';
import type { InboundRecord } from '@cdc/kafka';

/** HTTP ports of this area, apart from every other area's. */
export const OPERABILITY_PORTS = {
  enrichment: 4301,
  sigtermSink: 4302,
  metricsSink: 4303,
  metricsBigquerySink: 4304,
  secretsBackfill: 4305,
} as const;

/**
 * Records a Redis sink sees as repeats: decodable, aimed at redis, with an event_id met before.
 * Duplicates that are in the topics themselves (an upstream redelivery); a sink's duplicate
 * count beyond this is its own re-reading of records it had applied.
 */
export function repeatedForRedis(records: readonly InboundRecord[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const record of records) {
    if (!parseTargetSinks(record.headers[RecordHeaders.targetSinks]).includes('redis')) {
      continue;
    }
    const decoded = decodeEnrichedEvent(record.value);
    if (!decoded.ok) {
      continue;
    }
    if (seen.has(decoded.value.event_id)) {
      repeats += 1;
    }
    seen.add(decoded.value.event_id);
  }
  return repeats;
}
