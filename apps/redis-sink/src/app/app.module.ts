import { Module } from '@nestjs/common';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { RedisSinkConfig } from './redis-sink.config';

@Module({
  imports: [
    TypedConfigModule.forRoot(RedisSinkConfig, [KafkaConfig]),
    PlatformModule,
    KafkaModule.forRoot('redis-sink'),
  ],
})
export class AppModule {}
