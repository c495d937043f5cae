import { shardOf, shardTag } from './shard-hash';
import { dayStamp, minuteStamp } from './window-buckets';

export type WindowMeasure = 'sec' | 'evt';
/** 'all' or a content_type. */
export type WindowScope = string;

/**
 * Every key name. Each carries the hash tag of its shard, and every key of one content lives
 * in that content's shard, so one script can touch all of them in one Redis Cluster slot.
 */
export class RedisKeyLayout {
  constructor(
    readonly prefix: string,
    readonly shards: number,
  ) {}

  shardOf(member: string): number {
    return shardOf(member, this.shards);
  }

  allShards(): number[] {
    return Array.from({ length: this.shards }, (_, shard) => shard);
  }

  /** SET of event ids applied, per shard and UTC day of event_ts. */
  seen(shard: number, eventMs: number): string {
    return `${this.prefix}:${shardTag(shard)}:seen:${dayStamp(eventMs)}`;
  }

  /** HASH of one content's totals. */
  totals(member: string): string {
    return `${this.prefix}:${shardTag(this.shardOf(member))}:totals:${member}`;
  }

  /** LIST of one content's latest events, newest first. */
  recent(member: string): string {
    return `${this.prefix}:${shardTag(this.shardOf(member))}:recent:${member}`;
  }

  /** ZSET member → score of one minute of event time, in one shard. */
  window(shard: number, measure: WindowMeasure, scope: WindowScope, minute: number): string {
    return `${this.prefix}:${shardTag(shard)}:win:${measure}:${scope}:${minuteStamp(minute)}`;
  }
}
