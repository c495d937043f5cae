import { Module } from '@nestjs/common';
import { BigQueryConfig, BigQueryStoreModule } from '@cdc/bigquery-store';
import { KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { BatchWriter } from './batch-writer';
import { BigquerySinkConfig } from './bigquery-sink.config';
import { BigquerySinkMetrics } from './bigquery-sink-metrics';
import { BigquerySinkPipeline } from './bigquery-sink-pipeline.service';
import { EnrichedRecordsHandler } from './enriched-records.handler';

@Module({
  imports: [
    TypedConfigModule.forRoot(BigquerySinkConfig, [KafkaConfig, BigQueryConfig]),
    PlatformModule,
    KafkaModule.forRoot('bigquery-sink'),
    BigQueryStoreModule,
  ],
  providers: [BigquerySinkMetrics, BatchWriter, EnrichedRecordsHandler, BigquerySinkPipeline],
})
export class AppModule {}
