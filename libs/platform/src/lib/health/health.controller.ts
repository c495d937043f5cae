import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

import { ReadinessGauge } from './readiness-gauge';
import { ReadinessRegistry } from './readiness-registry';

export const LIVENESS_PATH = 'health/live';
export const READINESS_PATH = 'health';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly registry: ReadinessRegistry,
    private readonly gauge: ReadinessGauge,
  ) {}

  /** Liveness: the event loop answers. Touches no dependency, so a dependency outage never restarts pods. */
  @Get(LIVENESS_PATH)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency this app uses; 503 naming the failing one otherwise. */
  @Get(READINESS_PATH)
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check(this.registry.all());
      this.gauge.record(result.details);
      return result;
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        this.gauge.record((error.getResponse() as HealthCheckResult).details);
      }
      throw error;
    }
  }
}
