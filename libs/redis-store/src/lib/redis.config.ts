import { EnvBoolean, EnvInt } from '@cdc/platform';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Connection and layout settings of the Redis engagement store. */
export class RedisConfig {
  @IsString()
  REDIS_HOST = '127.0.0.1';

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  REDIS_PORT = 6379;

  /** ACL user (Redis 6+); leave unset for the default user. */
  @IsOptional()
  @IsString()
  REDIS_USERNAME?: string;

  @IsOptional()
  @IsString()
  REDIS_PASSWORD?: string;

  @EnvBoolean()
  @IsBoolean()
  REDIS_TLS = false;

  @EnvInt()
  @IsInt()
  @Min(0)
  REDIS_DB = 0;

  /** Every key starts with `<prefix>:`. No braces: the hash tag must be the shard's alone. */
  @Matches(/^[A-Za-z0-9._:-]+$/, {
    message: 'REDIS_KEY_PREFIX may only contain letters, digits, ".", "_", ":" and "-"',
  })
  REDIS_KEY_PREFIX = 'eng';

  /**
   * Logical shards (hash tags). Fixed once data exists: changing it moves contents to other
   * shards, so old totals and dedup markers would no longer be found.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(1024)
  REDIS_SHARDS = 16;

  /** Dedup markers live until the end of the event's UTC day plus this many days; older events are not applied. */
  @EnvInt()
  @IsInt()
  @Min(1)
  REDIS_DEDUP_RETENTION_DAYS = 30;

  /** Length of the per-content list of the latest events. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(10_000)
  REDIS_RECENT_EVENTS = 50;

  /** Minute buckets kept for the sliding window, the current minute included; the longest readable window. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(60)
  REDIS_WINDOW_MINUTES = 10;

  /** Events up to this far ahead of Redis' clock still enter the window (producer clock skew). */
  @EnvInt()
  @IsInt()
  @Min(0)
  REDIS_WINDOW_MAX_SKEW_MS = 5_000;

  /** A Redis command without a reply within this time fails (and the batch is retried). */
  @EnvInt()
  @IsInt()
  @Min(100)
  REDIS_COMMAND_TIMEOUT_MS = 5_000;
}
