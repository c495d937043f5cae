import { Topics } from '@cdc/contracts';
import { KafkaConfig, TopicAdmin } from '@cdc/kafka';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import { SINK_OPTIONS, type SinkOptions } from './sink-options';
import { SinkSourceConfig } from './sink-source.config';

/** The topics this runtime creates when missing; any other source topic has a writer that does. */
const PIPELINE_TOPICS: readonly string[] = [Topics.enriched, Topics.backfill];

/**
 * The live and backfill topics the sink consumes, and its dead-letter topic, exist before the
 * consumer subscribes: created here when missing (KAFKA_TOPIC_PARTITIONS). Another source
 * topic, a route topic, is created by the service that writes it with the partition count of
 * its routes file, so the sink does not create it: its consumer waits for it after start-up,
 * with readiness down naming it, for at most CONSUMER_TOPIC_WAIT_MS (BatchConsumer).
 */
@Injectable()
export class SinkTopics implements OnApplicationBootstrap {
  constructor(
    private readonly admin: TopicAdmin,
    private readonly kafka: KafkaConfig,
    private readonly source: SinkSourceConfig,
    @Inject(SINK_OPTIONS) private readonly options: SinkOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.admin.ensureTopics([
      ...this.source.SINK_SOURCE_TOPICS.filter((topic) => PIPELINE_TOPICS.includes(topic)).map(
        (topic) => ({ topic, partitions: this.kafka.KAFKA_TOPIC_PARTITIONS }),
      ),
      { topic: this.options.deadLetterTopic, partitions: 1 },
    ]);
  }
}
