import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';

import { ReadinessRegistry } from './readiness-registry';

export const LIVENESS_PATH = 'health/live';
export const READINESS_PATH = 'health';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly registry: ReadinessRegistry,
  ) {}

  /** Liveness: the event loop answers. Touches no dependency, so a dependency outage never restarts pods. */
  @Get(LIVENESS_PATH)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency this app uses; 503 naming the failing one otherwise. */
  @Get(READINESS_PATH)
  @HealthCheck()
  ready() {
    return this.health.check(this.registry.all());
  }
}
