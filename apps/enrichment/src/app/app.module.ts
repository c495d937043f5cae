import { cdcTopic, SourceTables } from '@cdc/contracts';
import { ContentCatalog } from '@cdc/enrichment';
import { ConsumerConfig, KafkaConfig, KafkaModule, provideKafkaBatchTransport } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { RoutesConfig, RoutesModule } from '@cdc/route-publisher';
import { PostgresConfig, SourceDbModule } from '@cdc/source-db';
import { Module } from '@nestjs/common';

import { ContentReadiness } from './content-readiness';
import { ContentSync } from './content-sync.service';
import {
  ENGAGEMENT_CHANGES_PATTERN,
  EngagementChangesController,
} from './engagement-changes.controller';
import { EngagementEventsProcessor } from './engagement-events.processor';
import { EnrichmentConfig } from './enrichment.config';
import { EnrichmentMetrics } from './enrichment-metrics';
import { EnrichmentPipeline } from './enrichment-pipeline.service';
import { LateContentLookup } from './late-content-lookup';

@Module({
  imports: [
    TypedConfigModule.forRoot(EnrichmentConfig, [
      KafkaConfig,
      ConsumerConfig,
      PostgresConfig,
      RoutesConfig,
    ]),
    PlatformModule,
    KafkaModule.forRoot('enrichment'),
    SourceDbModule.forRoot(),
    RoutesModule,
  ],
  controllers: [EngagementChangesController],
  providers: [
    { provide: ContentCatalog, useValue: new ContentCatalog() },
    EnrichmentMetrics,
    ContentSync,
    LateContentLookup,
    ContentReadiness,
    EngagementEventsProcessor,
    EnrichmentPipeline,
    provideKafkaBatchTransport(EnrichmentConfig, (config) => ({
      [ENGAGEMENT_CHANGES_PATTERN]: [
        cdcTopic(config.CDC_TOPIC_PREFIX, SourceTables.engagementEvents),
      ],
    })),
  ],
})
export class AppModule {}
