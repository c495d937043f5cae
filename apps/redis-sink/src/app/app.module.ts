import { Module } from '@nestjs/common';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { RedisConfig, RedisStoreModule } from '@cdc/redis-store';
import { EngagementReadController } from './engagement-read.controller';
import { EngagementRecordsHandler } from './engagement-records.handler';
import { RedisSinkConfig } from './redis-sink.config';
import { RedisSinkMetrics } from './redis-sink-metrics';
import { RedisSinkPipeline } from './redis-sink-pipeline.service';

@Module({
  imports: [
    TypedConfigModule.forRoot(RedisSinkConfig, [KafkaConfig, RedisConfig]),
    PlatformModule,
    KafkaModule.forRoot('redis-sink'),
    RedisStoreModule.forRoot(),
  ],
  controllers: [EngagementReadController],
  providers: [RedisSinkMetrics, EngagementRecordsHandler, RedisSinkPipeline],
})
export class AppModule {}
