import type { ContentType, EventType } from '@cdc/contracts';

export const TOP_MEASURES = ['seconds', 'events'] as const;
export type TopMeasure = (typeof TOP_MEASURES)[number];

/** GET /top item, as redis-sink's read API answers it (docs/redis-sink.md#read-api-port-3002). */
export interface TopItem {
  content_id: string;
  slug: string | null;
  title: string | null;
  content_type: string | null;
  score: number;
}

export interface ContentStats {
  content_id: string;
  slug: string | null;
  title: string | null;
  content_type: string | null;
  events: number;
  events_by_type: Partial<Record<EventType, number>>;
  engagement_seconds_sum: number;
  engagement_pct_avg: number | null;
  last_event_ts: string | null;
}

/** An entry of GET /content/:id/recent: the fields the page shows, all optional (never trusted). */
export type RecentEvent = Record<string, unknown>;

export interface TopQuery {
  by: TopMeasure;
  contentType: ContentType | null;
  limit: number;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; status: number | null };

/** The only data source of the ranking and the drill-down: redis-sink's public read API. */
export class ReadApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 2_000,
  ) {}

  top(query: TopQuery): Promise<ReadResult<{ items: TopItem[] }>> {
    const params = new URLSearchParams({ window: '10m', by: query.by, limit: String(query.limit) });
    if (query.contentType) {
      params.set('content_type', query.contentType);
    }
    return this.get(`/top?${params.toString()}`);
  }

  stats(contentId: string): Promise<ReadResult<ContentStats>> {
    return this.get(`/content/${encodeURIComponent(contentId)}/stats`);
  }

  recent(contentId: string, limit: number): Promise<ReadResult<{ events: RecentEvent[] }>> {
    return this.get(`/content/${encodeURIComponent(contentId)}/recent?limit=${limit}`);
  }

  private async get<T>(path: string): Promise<ReadResult<T>> {
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status !== 200) {
        await response.arrayBuffer();
        return { ok: false, status: response.status };
      }
      return { ok: true, value: (await response.json()) as T };
    } catch {
      return { ok: false, status: null };
    }
  }
}
