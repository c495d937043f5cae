import { ReadinessRegistry } from '@cdc/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { RedisClient } from './redis-client';

/** Registers the "redis" readiness check: PING answers within 3 s. */
@Injectable()
export class RedisReadiness implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
    private readonly client: RedisClient,
  ) {}

  onModuleInit(): void {
    this.registry.register('redis', async () => {
      const check = this.indicator.check('redis');
      try {
        await Promise.race([
          this.client.redis.ping(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('no PONG within 3000 ms')), 3_000).unref(),
          ),
        ]);
        return check.up();
      } catch (error) {
        return check.down({
          message: `Redis ${this.client.address}: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    });
  }
}
