import { Topics } from '@cdc/contracts';
import { RedisKeyLayout } from '@cdc/redis-store';
import { stackEnvironment } from '@cdc/testing';
import { Redis } from 'ioredis';

import { AppHarness, type HarnessOptions } from './app-harness';
import { E2E_PORTS } from './ports';

export const REDIS_SINK_TOPICS = [Topics.enriched, Topics.backfill] as const;

/**
 * The redis-sink of a test file: its keys under the harness prefix (REDIS_KEY_PREFIX), read
 * back through `redis` and `layout`; close() deletes them.
 */
export class RedisSinkHarness extends AppHarness {
  readonly layout: RedisKeyLayout;
  readonly redis = new Redis({
    host: stackEnvironment.REDIS_HOST,
    port: Number(stackEnvironment.REDIS_PORT),
    lazyConnect: false,
  });

  constructor(options: HarnessOptions) {
    super('redis-sink', REDIS_SINK_TOPICS, { port: E2E_PORTS.redisSink, ...options });
    this.layout = new RedisKeyLayout(this.prefix, 16);
  }

  protected appEnvironment(): Record<string, string> {
    return {
      REDIS_HOST: stackEnvironment.REDIS_HOST,
      REDIS_PORT: stackEnvironment.REDIS_PORT,
      REDIS_KEY_PREFIX: this.prefix,
    };
  }

  deleteKeys(): Promise<void> {
    return deleteKeysUnder(this.redis, this.prefix);
  }

  protected override async cleanup(): Promise<void> {
    try {
      await this.deleteKeys();
    } finally {
      this.redis.disconnect();
    }
  }
}

/** Removes every key under `<prefix>:`, a SCAN page at a time. */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) {
      await redis.unlink(...keys);
    }
    cursor = next;
  } while (cursor !== '0');
}
