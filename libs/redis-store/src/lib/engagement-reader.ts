import { EVENT_TYPES, type EventType } from '@cdc/contracts';
import { Injectable } from '@nestjs/common';

import { LuaScript } from './lua-script';
import { RedisClient } from './redis-client';
import { RedisKeyLayout, type WindowMeasure } from './redis-key-layout';
import { TOP_OF_BUCKETS_LUA } from './scripts/top-of-buckets.script';
import { UNKNOWN_CONTENT_MEMBER } from './shard-hash';
import { windowMinutes } from './window-buckets';

export interface TopQuery {
  minutes: number;
  by: 'seconds' | 'events';
  contentType: string | null;
  limit: number;
}

export interface TopItem {
  /** The content id, or "unknown" for events without content. */
  content_id: string;
  slug: string | null;
  title: string | null;
  content_type: string | null;
  score: number;
}

export interface TopResult {
  /** First minute included (inclusive) and end of the current minute (exclusive), by Redis' clock. */
  window_start: string;
  window_end: string;
  items: TopItem[];
}

export interface ContentStats {
  content_id: string;
  slug: string | null;
  title: string | null;
  content_type: string | null;
  events: number;
  events_by_type: Record<EventType, number>;
  engagement_seconds_sum: number;
  engagement_seconds_count: number;
  engagement_pct_sum: number;
  engagement_pct_count: number;
  /** Mean engagement_pct, rounded half up to hundredths; null without any pct. */
  engagement_pct_avg: number | null;
  last_event_ts: string | null;
}

interface Ranked {
  member: string;
  score: number;
}

/** Reads totals, recent events and the sliding-window top from Redis. */
@Injectable()
export class EngagementReader {
  private readonly topScript = new LuaScript(TOP_OF_BUCKETS_LUA);

  constructor(
    private readonly client: RedisClient,
    private readonly layout: RedisKeyLayout,
  ) {}

  async nowMs(): Promise<number> {
    const [seconds, micros] = await this.client.redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  /**
   * Sums the last `minutes` minute buckets (the current one included) per shard, takes each
   * shard's best `limit`, and merges: exact, because a content lives in exactly one shard.
   */
  async top(query: TopQuery): Promise<TopResult> {
    const now = await this.nowMs();
    const minutes = windowMinutes(now, query.minutes);
    const measure: WindowMeasure = query.by === 'seconds' ? 'sec' : 'evt';
    const scope = query.contentType ?? 'all';
    const perShard = await Promise.all(
      this.layout.allShards().map(async (shard) => {
        const keys = minutes.map((minute) => this.layout.window(shard, measure, scope, minute));
        return pairs(
          (await this.topScript.run(this.client.redis, keys, [query.limit])) as string[],
        );
      }),
    );
    const best = perShard
      .flat()
      .sort((a, b) => b.score - a.score || (a.member < b.member ? 1 : a.member > b.member ? -1 : 0))
      .slice(0, query.limit);
    const details = await Promise.all(
      best.map((entry) =>
        this.client.redis.hmget(this.layout.totals(entry.member), 'slug', 'title', 'content_type'),
      ),
    );
    return {
      window_start: new Date((minutes[0] as number) * 60_000).toISOString(),
      window_end: new Date(((minutes[minutes.length - 1] as number) + 1) * 60_000).toISOString(),
      items: best.map((entry, index) => {
        const [slug = null, title = null, contentType = null] = details[index] ?? [];
        return {
          content_id: entry.member,
          slug,
          title,
          content_type: contentType,
          // Seconds are kept as whole milliseconds so that sums stay exact.
          score: measure === 'sec' ? entry.score / 1000 : entry.score,
        };
      }),
    };
  }

  /** The totals of one content ("unknown" for events without content), or null if none. */
  async stats(member: string): Promise<ContentStats | null> {
    const hash = await this.client.redis.hgetall(this.layout.totals(member));
    if (Object.keys(hash).length === 0) {
      return null;
    }
    const int = (field: string) => Number(hash[field] ?? '0');
    const pctCount = int('engagement_pct_count');
    const pctHundredths = int('engagement_pct_hundredths_sum');
    return {
      content_id:
        member === UNKNOWN_CONTENT_MEMBER ? UNKNOWN_CONTENT_MEMBER : (hash['content_id'] ?? member),
      slug: hash['slug'] ?? null,
      title: hash['title'] ?? null,
      content_type: hash['content_type'] ?? null,
      events: int('events'),
      events_by_type: Object.fromEntries(
        EVENT_TYPES.map((type) => [type, int(`events:${type}`)]),
      ) as Record<EventType, number>,
      engagement_seconds_sum: int('engagement_ms_sum') / 1000,
      engagement_seconds_count: int('engagement_ms_count'),
      engagement_pct_sum: pctHundredths / 100,
      engagement_pct_count: pctCount,
      engagement_pct_avg: pctCount === 0 ? null : Math.round(pctHundredths / pctCount) / 100,
      last_event_ts: hash['last_event_ts'] ?? null,
    };
  }

  /** The latest events of one content, newest first, as stored (applied_at_ms included). */
  async recent(member: string, limit: number): Promise<Record<string, unknown>[]> {
    const entries = await this.client.redis.lrange(this.layout.recent(member), 0, limit - 1);
    return entries.map((entry) => JSON.parse(entry) as Record<string, unknown>);
  }
}

function pairs(flat: string[]): Ranked[] {
  const ranked: Ranked[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    ranked.push({ member: flat[index] as string, score: Number(flat[index + 1]) });
  }
  return ranked;
}
