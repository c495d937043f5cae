import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import { isoMicrosToEpochMs } from '@cdc/enrichment';
import { Injectable } from '@nestjs/common';

import { LuaScript } from './lua-script';
import { RedisConfig } from './redis.config';
import { RedisClient } from './redis-client';
import { RedisKeyLayout } from './redis-key-layout';
import { APPLY_EVENTS_LUA } from './scripts/apply-events.script';
import { contentMember } from './shard-hash';
import { bucketExpireAtSeconds, dedupExpireAtSeconds, epochMinute } from './window-buckets';

export type ApplyStatus =
  'applied' | 'applied_outside_window' | 'applied_future' | 'duplicate' | 'expired';

export interface ApplyResult {
  event: EnrichedEngagementEventV1;
  status: ApplyStatus;
  /** Redis' clock when the script that handled the event ran. */
  appliedAtMs: number;
}

/** Events per script call: bounds how long one script blocks Redis. */
const MAX_EVENTS_PER_SCRIPT = 500;
const DAY_MS = 86_400_000;

interface ScriptEvent {
  id: string;
  member: string;
  type: string;
  ts: string;
  ts_ms: number;
  expire_at: number;
  seen: number;
  totals: number;
  recent: number;
  entry: string;
  ms?: string;
  pct?: string;
  fields: Record<string, string>;
  windows: [number, number][];
  window_expire_at: number;
}

/**
 * Writes events to Redis: groups them by shard and runs one apply script per shard (per 500
 * events), all shards concurrently on one connection, so a batch costs about one round trip.
 * Each script checks-and-sets the dedup marker and applies every increment atomically.
 */
@Injectable()
export class EngagementWriter {
  private readonly script = new LuaScript(APPLY_EVENTS_LUA);

  constructor(
    private readonly client: RedisClient,
    private readonly layout: RedisKeyLayout,
    private readonly config: RedisConfig,
  ) {}

  async apply(events: readonly EnrichedEngagementEventV1[]): Promise<ApplyResult[]> {
    const byShard = new Map<number, EnrichedEngagementEventV1[]>();
    for (const event of events) {
      const shard = this.layout.shardOf(contentMember(event.content_id));
      const list = byShard.get(shard) ?? [];
      list.push(event);
      byShard.set(shard, list);
    }
    const calls: Promise<ApplyResult[]>[] = [];
    for (const [shard, list] of byShard) {
      for (let start = 0; start < list.length; start += MAX_EVENTS_PER_SCRIPT) {
        calls.push(this.applyChunk(shard, list.slice(start, start + MAX_EVENTS_PER_SCRIPT)));
      }
    }
    return (await Promise.all(calls)).flat();
  }

  private async applyChunk(
    shard: number,
    events: EnrichedEngagementEventV1[],
  ): Promise<ApplyResult[]> {
    const keys: string[] = [];
    const indexes = new Map<string, number>();
    const keyIndex = (key: string): number => {
      let index = indexes.get(key);
      if (index === undefined) {
        keys.push(key);
        index = keys.length;
        indexes.set(key, index);
      }
      return index;
    };
    const scriptEvents = events.map((event) => this.toScriptEvent(shard, event, keyIndex));
    const argument = JSON.stringify({
      retention_ms: this.config.REDIS_DEDUP_RETENTION_DAYS * DAY_MS,
      window_minutes: this.config.REDIS_WINDOW_MINUTES,
      max_skew_ms: this.config.REDIS_WINDOW_MAX_SKEW_MS,
      recent_max: this.config.REDIS_RECENT_EVENTS,
      events: scriptEvents,
    });
    const [now, statuses] = (await this.script.run(this.client.redis, keys, [argument])) as [
      string,
      ApplyStatus[],
    ];
    const appliedAtMs = Number(now);
    return events.map((event, index) => ({
      event,
      status: statuses[index] as ApplyStatus,
      appliedAtMs,
    }));
  }

  private toScriptEvent(
    shard: number,
    event: EnrichedEngagementEventV1,
    keyIndex: (key: string) => number,
  ): ScriptEvent {
    const member = contentMember(event.content_id);
    const tsMs = isoMicrosToEpochMs(event.event_ts);
    const minute = epochMinute(tsMs);
    const scopes = event.content_type === null ? ['all'] : ['all', event.content_type];
    const fields: Record<string, string> = {};
    if (event.content_id !== null) {
      fields['content_id'] = event.content_id;
    }
    if (event.content_slug !== null) {
      fields['slug'] = event.content_slug;
    }
    if (event.content_title !== null) {
      fields['title'] = event.content_title;
    }
    if (event.content_type !== null) {
      fields['content_type'] = event.content_type;
    }
    return {
      id: event.event_id,
      member,
      type: event.event_type,
      ts: event.event_ts,
      ts_ms: tsMs,
      expire_at: dedupExpireAtSeconds(tsMs, this.config.REDIS_DEDUP_RETENTION_DAYS),
      seen: keyIndex(this.layout.seen(shard, tsMs)),
      totals: keyIndex(this.layout.totals(member)),
      recent: keyIndex(this.layout.recent(member)),
      entry: recentEntry(event),
      ...(event.duration_ms === null ? {} : { ms: String(event.duration_ms) }),
      // engagement_pct has two decimals: whole hundredths add up exactly.
      ...(event.engagement_pct === null
        ? {}
        : { pct: String(Math.round(event.engagement_pct * 100)) }),
      fields,
      windows: scopes.map((scope) => [
        keyIndex(this.layout.window(shard, 'sec', scope, minute)),
        keyIndex(this.layout.window(shard, 'evt', scope, minute)),
      ]),
      window_expire_at: bucketExpireAtSeconds(minute, this.config.REDIS_WINDOW_MINUTES),
    };
  }
}

/** The recent-list entry; the script appends applied_at_ms (Redis' clock) before the closing brace. */
function recentEntry(event: EnrichedEngagementEventV1): string {
  return JSON.stringify({
    event_id: event.event_id,
    event_type: event.event_type,
    event_ts: event.event_ts,
    duration_ms: event.duration_ms,
    engagement_seconds: event.engagement_seconds,
    engagement_pct: event.engagement_pct,
    user_id: event.user_id,
    device: event.device,
    origin: event.origin,
    source_ts_ms: event.source_ts_ms,
  });
}
