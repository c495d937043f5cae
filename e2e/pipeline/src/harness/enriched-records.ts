import { type EnrichedEngagementEventV1, RecordHeaders } from '@cdc/contracts';
import type { InboundRecord, TopicTail } from '@cdc/kafka';

/** Waits for the enriched records of these event ids and returns their values by id. */
export async function enrichedByEventId(
  tail: TopicTail,
  eventIds: readonly string[],
  timeoutMs = 30_000,
): Promise<Map<string, EnrichedEngagementEventV1>> {
  const wanted = new Set(eventIds);
  const records = await tail.waitFor(
    (record) => wanted.has(record.headers[RecordHeaders.eventId] ?? ''),
    eventIds.length,
    timeoutMs,
  );
  return new Map(
    records.map((record) => [record.headers[RecordHeaders.eventId]!, parseValue(record)]),
  );
}

export function parseValue<T = EnrichedEngagementEventV1>(record: InboundRecord): T {
  return JSON.parse(record.value?.toString('utf8') ?? 'null') as T;
}
