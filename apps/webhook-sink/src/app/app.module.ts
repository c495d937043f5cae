import { Topics } from '@cdc/contracts';
import { ConsumerConfig, KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { SinkRuntimeModule, SinkSourceConfig } from '@cdc/sink-runtime';
import { Module } from '@nestjs/common';

import { webhookDeliveriesProviders } from './webhook-deliveries.provider';
import { WebhookReadiness } from './webhook-readiness';
import { WebhookSinkConfig } from './webhook-sink.config';
import { WebhookSinkTask } from './webhook-sink.task';

@Module({
  imports: [
    TypedConfigModule.forRoot(WebhookSinkConfig, [KafkaConfig, ConsumerConfig, SinkSourceConfig]),
    PlatformModule,
    KafkaModule.forRoot('webhook-sink'),
    SinkRuntimeModule.forSink({
      sink: 'webhook',
      deadLetterTopic: Topics.webhookSinkDeadLetter,
      task: WebhookSinkTask,
      providers: [...webhookDeliveriesProviders, WebhookReadiness],
    }),
  ],
})
export class AppModule {}
