import {
  BatchWriter,
  BigQueryConfig,
  BigQueryStoreModule,
  BigQueryWriteMetrics,
} from '@cdc/bigquery-store';
import { Topics } from '@cdc/contracts';
import { ConsumerConfig, KafkaConfig, KafkaModule } from '@cdc/kafka';
import { PlatformModule, TypedConfigModule } from '@cdc/platform';
import { SinkRuntimeModule, SinkSourceConfig } from '@cdc/sink-runtime';
import { Module } from '@nestjs/common';

import { BigquerySinkConfig } from './bigquery-sink.config';
import { BigquerySinkTask } from './bigquery-sink.task';

@Module({
  imports: [
    TypedConfigModule.forRoot(BigquerySinkConfig, [
      KafkaConfig,
      ConsumerConfig,
      SinkSourceConfig,
      BigQueryConfig,
    ]),
    PlatformModule,
    KafkaModule.forRoot('bigquery-sink'),
    BigQueryStoreModule,
    SinkRuntimeModule.forSink({
      sink: 'bigquery',
      deadLetterTopic: Topics.bigquerySinkDeadLetter,
      task: BigquerySinkTask,
      providers: [BigQueryWriteMetrics, BatchWriter],
    }),
  ],
})
export class AppModule {}
