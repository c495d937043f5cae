import { Module } from '@nestjs/common';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { WebhookSinkConfig } from './webhook-sink.config';

@Module({
  imports: [
    TypedConfigModule.forRoot(WebhookSinkConfig, [KafkaConfig]),
    PlatformModule,
    KafkaModule.forRoot('webhook-sink'),
  ],
})
export class AppModule {}
