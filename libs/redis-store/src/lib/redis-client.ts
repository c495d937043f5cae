import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

import { RedisConfig } from './redis.config';

/**
 * One ioredis connection. No offline queue: while Redis is unreachable a command fails at
 * once instead of waiting, so the caller's batch fails and is retried by the consumer
 * (pausing its partition), and readiness reports the outage. Reconnects forever by itself.
 */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisClient.name);
  readonly redis: Redis;
  readonly address: string;

  constructor(config: RedisConfig) {
    this.address = `${config.REDIS_HOST}:${config.REDIS_PORT}/${config.REDIS_DB}`;
    this.redis = new Redis({
      host: config.REDIS_HOST,
      port: config.REDIS_PORT,
      db: config.REDIS_DB,
      ...(config.REDIS_USERNAME ? { username: config.REDIS_USERNAME } : {}),
      ...(config.REDIS_PASSWORD ? { password: config.REDIS_PASSWORD } : {}),
      ...(config.REDIS_TLS ? { tls: { servername: config.REDIS_HOST } } : {}),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: 5_000,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
    });
    let down = false;
    this.redis.on('error', (error: Error) => {
      if (!down) {
        this.logger.warn(`Redis ${this.address} unavailable: ${error.message}`);
      }
      down = true;
    });
    this.redis.on('ready', () => {
      if (down) {
        this.logger.log(`Redis ${this.address} is back`);
      }
      down = false;
    });
  }

  /** Waits for the first connection, up to timeoutMs; start-up goes on anyway (readiness tells). */
  /** The server's maxmemory-policy, or null where CONFIG is disabled (some managed Redis). */
  async evictionPolicy(): Promise<string | null> {
    try {
      const reply: unknown = await this.redis.config('GET', 'maxmemory-policy');
      return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : null;
    } catch {
      return null;
    }
  }

  async awaitReady(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') {
      return true;
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.redis.once('ready', onReady);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
