import { Module } from '@nestjs/common';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { BigquerySinkConfig } from './bigquery-sink.config';

@Module({
  imports: [
    TypedConfigModule.forRoot(BigquerySinkConfig, [KafkaConfig]),
    PlatformModule,
    KafkaModule.forRoot('bigquery-sink'),
  ],
})
export class AppModule {}
