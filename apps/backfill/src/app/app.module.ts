import {
  BackfillJobEntity,
  BackfillJobStore,
  BackfillMetrics,
  BackfillWorker,
  BackfillWorkerConfig,
  EventPageReader,
} from '@cdc/backfill-jobs';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { PostgresConfig, SourceDbModule } from '@cdc/source-db';
import { Module } from '@nestjs/common';

import { MaxRangeConstraint, MaxRateLimitConstraint } from './api/backfill-limits.constraints';
import { BackfillsController } from './api/backfills.controller';
import { BearerTokenGuard } from './api/bearer-token.guard';
import { ValidatorContainer } from './api/validator-container';
import { BackfillConfig } from './backfill.config';

@Module({
  imports: [
    TypedConfigModule.forRoot(BackfillConfig, [KafkaConfig, PostgresConfig, BackfillWorkerConfig]),
    PlatformModule,
    KafkaModule.forRoot('backfill'),
    SourceDbModule.forRoot({ entities: [BackfillJobEntity] }),
  ],
  controllers: [BackfillsController],
  providers: [
    ValidatorContainer,
    MaxRangeConstraint,
    MaxRateLimitConstraint,
    BearerTokenGuard,
    BackfillJobStore,
    EventPageReader,
    BackfillMetrics,
    BackfillWorker,
  ],
})
export class AppModule {}
