import { ReadinessRegistry } from '@cdc/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { evictionPolicyProblem } from './eviction-policy';
import { RedisClient } from './redis-client';

/**
 * Registers the "redis" readiness check: PING answers within 3 s, and the eviction policy
 * cannot drop a dedup marker (eviction-policy.ts). Where CONFIG is disabled (some managed
 * Redis) the policy cannot be read and the check relies on the documented requirement.
 */
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
        const problem = evictionPolicyProblem(await this.client.evictionPolicy());
        return problem
          ? check.down({ message: `Redis ${this.client.address}: ${problem}` })
          : check.up();
      } catch (error) {
        return check.down({
          message: `Redis ${this.client.address}: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    });
  }
}
