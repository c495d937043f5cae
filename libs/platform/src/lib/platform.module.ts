import { Module } from '@nestjs/common';

import { ShutdownDeadline } from './bootstrap/shutdown-deadline';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';

/** Health, metrics, logs and bounded shutdown, for every app. Import after TypedConfigModule. */
@Module({
  imports: [LoggingModule, HealthModule, MetricsModule],
  providers: [ShutdownDeadline],
  exports: [HealthModule, MetricsModule],
})
export class PlatformModule {}
