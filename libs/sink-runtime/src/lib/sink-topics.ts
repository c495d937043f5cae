import { Topics } from '@cdc/contracts';
import { KafkaConfig, TopicAdmin } from '@cdc/kafka';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import { SINK_OPTIONS, type SinkOptions } from './sink-options';

/** The live, backfill and dead-letter topics exist before the consumer subscribes. */
@Injectable()
export class SinkTopics implements OnApplicationBootstrap {
  constructor(
    private readonly admin: TopicAdmin,
    private readonly kafka: KafkaConfig,
    @Inject(SINK_OPTIONS) private readonly options: SinkOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.admin.ensureTopics([
      { topic: Topics.enriched, partitions: this.kafka.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.backfill, partitions: this.kafka.KAFKA_TOPIC_PARTITIONS },
      { topic: this.options.deadLetterTopic, partitions: 1 },
    ]);
  }
}
