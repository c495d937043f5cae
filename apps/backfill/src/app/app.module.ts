import { Module } from '@nestjs/common';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { BackfillConfig } from './backfill.config';

@Module({
  imports: [
    TypedConfigModule.forRoot(BackfillConfig, [KafkaConfig]),
    PlatformModule,
    KafkaModule.forRoot('backfill'),
  ],
})
export class AppModule {}
