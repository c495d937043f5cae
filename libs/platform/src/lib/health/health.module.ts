import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthController } from './health.controller';
import { ReadinessGauge } from './readiness-gauge';
import { ReadinessRegistry } from './readiness-registry';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ReadinessRegistry, ReadinessGauge],
  exports: [ReadinessRegistry, TerminusModule],
})
export class HealthModule {}

export { LIVENESS_PATH, READINESS_PATH } from './health.controller';
