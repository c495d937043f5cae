import { randomInt } from 'node:crypto';

import { decodeEnrichedEvent, parseTargetSinks, RecordHeaders } from '@cdc/contracts';
import type { InboundRecord } from '@cdc/kafka';
import { anEvent, type SourceDbFixture } from '@cdc/testing';

/** HTTP ports of this area, apart from every other area's. */
export const OPERABILITY_PORTS = {
  enrichment: 4301,
  sigtermSink: 4302,
  metricsSink: 4303,
  metricsBigquerySink: 4304,
  secretsBackfill: 4305,
} as const;

export const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');
const TYPES = ['play', 'pause', 'finish', 'click'] as const;

/** Inserts `count` events (one multi-row INSERT) spread over the given contents, event_ts in the last 30 minutes. */
export async function insertEventBatch(
  db: SourceDbFixture,
  contentIds: readonly string[],
  count: number,
): Promise<number> {
  const now = Date.now();
  const rows = await db.insertEvents(
    Array.from({ length: count }, () =>
      anEvent({
        content_id: contentIds[randomInt(0, contentIds.length)] ?? null,
        event_type: TYPES[randomInt(0, TYPES.length)] ?? 'play',
        duration_ms: randomInt(0, 10) === 0 ? null : randomInt(0, 600_000),
        event_ts: iso(now - randomInt(0, 30 * 60_000)),
      }),
    ),
  );
  return rows.length;
}

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
