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
import { RoutesConfig, RoutesModule } from '@cdc/route-publisher';
import {
  PostgresConfig,
  ReplicationSlotConfig,
  ReplicationSlotMonitorModule,
  SourceDbModule,
} from '@cdc/source-db';
import { Module } from '@nestjs/common';

import {
  MaxRangeConstraint,
  MaxRateLimitConstraint,
  RoutesTargetConstraint,
} from './api/backfill-limits.constraints';
import { BackfillsController } from './api/backfills.controller';
import { BearerTokenGuard } from './api/bearer-token.guard';
import { ValidatorContainer } from './api/validator-container';
import { BackfillConfig } from './backfill.config';

@Module({
  imports: [
    TypedConfigModule.forRoot(BackfillConfig, [
      KafkaConfig,
      PostgresConfig,
      BackfillWorkerConfig,
      RoutesConfig,
      ReplicationSlotConfig,
    ]),
    PlatformModule,
    KafkaModule.forRoot('backfill'),
    SourceDbModule.forRoot({ entities: [BackfillJobEntity] }),
    RoutesModule,
    // The one app that watches Debezium's replication slot: it already holds the source database
    // connection, and it is what the recovery of a lost slot uses (a re-sync backfill).
    ReplicationSlotMonitorModule,
  ],
  controllers: [BackfillsController],
  providers: [
    ValidatorContainer,
    MaxRangeConstraint,
    MaxRateLimitConstraint,
    RoutesTargetConstraint,
    BearerTokenGuard,
    BackfillJobStore,
    EventPageReader,
    BackfillMetrics,
    BackfillWorker,
  ],
})
export class AppModule {}
