import { Module } from '@nestjs/common';
import { ContentCatalog } from '@cdc/enrichment';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { PostgresConfig, SourceDbModule } from '@cdc/source-db';
import { ContentSync } from './content-sync.service';
import { EnrichmentConfig } from './enrichment.config';
import { EnrichmentMetrics } from './enrichment-metrics';
import { EnrichmentPipeline } from './enrichment-pipeline.service';
import { EngagementEventsProcessor } from './engagement-events.processor';

@Module({
  imports: [
    TypedConfigModule.forRoot(EnrichmentConfig, [KafkaConfig, PostgresConfig]),
    PlatformModule,
    KafkaModule.forRoot('enrichment'),
    SourceDbModule.forRoot(),
  ],
  providers: [
    { provide: ContentCatalog, useValue: new ContentCatalog() },
    EnrichmentMetrics,
    ContentSync,
    EngagementEventsProcessor,
    EnrichmentPipeline,
  ],
})
export class AppModule {}
