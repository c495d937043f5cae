/** The redis-sink's read API (GET /top, /content/:id/stats), as the redis specs read it. */
import { decodeEnrichedEvent, parseTargetSinks, RecordHeaders } from '@cdc/contracts';
import type { InboundRecord } from '@cdc/kafka';
import type { ContentStats, TopItem, TopResult } from '@cdc/redis-store';
import { type AppProcess, waitUntil } from '@cdc/testing';

/** GET /top: the ranked items and what was asked. */
export type TopResponse = TopResult & { window: string; by: string; content_type: string | null };

export async function topItems(sink: AppProcess, query: string): Promise<TopItem[]> {
  const response = await sink.get<TopResponse>(`/top?${query}`);
  if (response.status !== 200) {
    throw new Error(
      `GET /top?${query} answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body.items;
}

/** The item of one content in a top list, or undefined if it is not in it. */
export async function topItem(
  sink: AppProcess,
  query: string,
  contentId: string,
): Promise<TopItem | undefined> {
  return (await topItems(sink, query)).find((item) => item.content_id === contentId);
}

export async function stats(
  sink: AppProcess,
  contentId: string,
): Promise<ContentStats | undefined> {
  const response = await sink.get<ContentStats>(`/content/${contentId}/stats`);
  return response.status === 200 ? response.body : undefined;
}

/**
 * Waits until each content's event count at the sink is the ground truth's, then returns every
 * content's stats (in the order of `contentIds`) for the spec to compare field by field.
 */
export function awaitTruthCounts(
  sink: AppProcess,
  contentIds: readonly string[],
  truth: Record<string, Partial<ContentStats>>,
  timeoutMs: number,
  pollMs: number,
): Promise<(ContentStats | undefined)[]> {
  return waitUntil(
    async () => {
      const all = await Promise.all(contentIds.map((id) => stats(sink, id)));
      const done = all.every((entry, index) => entry?.events === truth[contentIds[index]!]?.events);
      return done ? all : undefined;
    },
    `${contentIds.length} contents at their ground-truth event counts`,
    timeoutMs,
    pollMs,
  );
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
