import { Topics } from '@cdc/contracts';
import { ConsumerConfig, KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { RedisConfig, RedisStoreModule } from '@cdc/redis-store';
import { SinkRuntimeModule, SinkSourceConfig } from '@cdc/sink-runtime';
import { Module } from '@nestjs/common';

import { EngagementReadController } from './engagement-read.controller';
import { RedisSinkConfig } from './redis-sink.config';
import { RedisSinkTask } from './redis-sink.task';

@Module({
  imports: [
    TypedConfigModule.forRoot(RedisSinkConfig, [
      KafkaConfig,
      ConsumerConfig,
      SinkSourceConfig,
      RedisConfig,
    ]),
    PlatformModule,
    KafkaModule.forRoot('redis-sink'),
    RedisStoreModule.forRoot(),
    SinkRuntimeModule.forSink({
      sink: 'redis',
      deadLetterTopic: Topics.redisSinkDeadLetter,
      task: RedisSinkTask,
    }),
  ],
  controllers: [EngagementReadController],
})
export class AppModule {}
