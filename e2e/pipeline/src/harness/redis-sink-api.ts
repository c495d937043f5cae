import type { ContentStats, TopItem, TopResult } from '@cdc/redis-store';
import type { AppProcess } from '@cdc/testing';

export type TopResponse = TopResult & { window: string; by: string; content_type: string | null };

/** HTTP ports of this area's apps, apart from the shared E2E_PORTS so files never collide. */
export const REDIS_E2E_PORTS = {
  enrichment: 4141,
  window: 4142,
  exactlyOnce: 4143,
  crash: 4144,
  outage: 4145,
  bench: 4146,
} as const;

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
