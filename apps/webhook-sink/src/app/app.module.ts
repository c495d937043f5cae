import { Module } from '@nestjs/common';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { MetricsRegistry, PlatformModule, TypedConfigModule } from '@cdc/platform';
import { WebhookMetrics } from '@cdc/webhook-delivery';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { WebhookRecordsProcessor } from './webhook-records.processor';
import { WebhookSinkPipeline } from './webhook-sink-pipeline.service';
import { WebhookSinkConfig } from './webhook-sink.config';

@Module({
  imports: [
    TypedConfigModule.forRoot(WebhookSinkConfig, [KafkaConfig]),
    PlatformModule,
    KafkaModule.forRoot('webhook-sink'),
  ],
  providers: [
    {
      provide: WebhookMetrics,
      inject: [MetricsRegistry],
      useFactory: (registry: MetricsRegistry) => new WebhookMetrics(registry),
    },
    WebhookDeliveries,
    WebhookRecordsProcessor,
    WebhookSinkPipeline,
  ],
})
export class AppModule {}
