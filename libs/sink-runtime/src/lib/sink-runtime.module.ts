import { BatchConsumerFactory, ConsumerConfig, KafkaBatchTransport } from '@cdc/kafka';
import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';

import { SinkDeadLetters } from './sink-dead-letters';
import { SinkMetrics } from './sink-metrics';
import { SINK_OPTIONS, type SinkOptions } from './sink-options';
import { SINK_RECORDS_PATTERN, SinkRecordsController } from './sink-records.controller';
import { SinkSourceConfig } from './sink-source.config';
import { SINK_TASK, type SinkTask } from './sink-task';
import { SinkTopics } from './sink-topics';

export interface SinkRuntimeOptions extends SinkOptions {
  /** The sink's write logic; a provider like any other, so it can inject the sink's stores. */
  task: Type<SinkTask>;
  /** Helpers of the task that belong to this sink alone (its writers, batchers, clients). */
  providers?: Provider[];
}

/**
 * Everything a sink app does the same way (Kafka Connect's framework side): topics, the
 * consumer group on SINK_SOURCE_TOPICS (the live and backfill topics by default; the app lists
 * SinkSourceConfig among its config parts) behind Nest's transport, the target-sink
 * filter, decoding, dead letters, retries, deferred offsets and the standard metrics. The app
 * brings its task and its config; it starts the transport with `bootstrapService(..., {
 * transport: KafkaBatchTransport })`.
 */
@Module({})
export class SinkRuntimeModule {
  static forSink(options: SinkRuntimeOptions): DynamicModule {
    const { task, providers = [], ...sinkOptions } = options;
    return {
      module: SinkRuntimeModule,
      controllers: [SinkRecordsController],
      providers: [
        { provide: SINK_OPTIONS, useValue: sinkOptions },
        ...providers,
        task,
        { provide: SINK_TASK, useExisting: task },
        SinkMetrics,
        SinkDeadLetters,
        SinkTopics,
        {
          provide: KafkaBatchTransport,
          inject: [BatchConsumerFactory, ConsumerConfig, SinkSourceConfig],
          useFactory: (
            factory: BatchConsumerFactory,
            consumer: ConsumerConfig,
            source: SinkSourceConfig,
          ) =>
            new KafkaBatchTransport(factory, {
              consumer,
              subscriptions: { [SINK_RECORDS_PATTERN]: source.SINK_SOURCE_TOPICS },
            }),
        },
      ],
      exports: [SinkMetrics, SinkDeadLetters, KafkaBatchTransport, task],
    };
  }
}
