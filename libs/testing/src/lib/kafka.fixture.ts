import { cdcTopic, SourceTables, Topics } from '@cdc/contracts';
import {
  KafkaClient,
  type KafkaConfig,
  KafkaMetrics,
  type OutboundRecord,
  RecordPublisher,
  TopicAdmin,
  TopicTail,
} from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';

import { stackEnvironment } from './stack-environment';

/** A Kafka client on the local stack, for reading topics and injecting records in tests. */
const config = {
  KAFKA_BROKERS: stackEnvironment.KAFKA_BROKERS.split(','),
  KAFKA_SSL: false,
  KAFKA_TOPIC_PARTITIONS: 16,
  KAFKA_TOPIC_REPLICATION_FACTOR: -1,
  KAFKA_PRODUCE_MAX_BYTES: 1_048_588,
} as KafkaConfig;

/** Partition counts the apps would create; other topics (CDC, dead letters) have one. */
const PARTITIONS: Record<string, number> = { [Topics.enriched]: 16, [Topics.backfill]: 16 };

export class KafkaFixture {
  readonly client = new KafkaClient(config, 'e2e-tests');
  /** Offsets, groups and topic creation, for harnesses that place consumer groups. */
  readonly admin = new TopicAdmin(this.client, config);
  private readonly tails: TopicTail[] = [];
  private readonly publisher = new RecordPublisher(
    this.client,
    new KafkaMetrics(new MetricsRegistry()),
    config,
  );

  /** Creates the topics that are missing, with the partition counts the apps would use. */
  async ensureTopics(topics: readonly string[]): Promise<void> {
    await this.admin.ensureTopics(
      topics.map((topic) => ({ topic, partitions: PARTITIONS[topic] ?? 1 })),
    );
  }

  /** Starts reading the topics from their current end (or beginning); returns once subscribed. */
  async tail(topics: readonly string[], fromBeginning = false): Promise<TopicTail> {
    // The broker does not auto-create topics: make sure they exist as the apps would create them.
    await this.ensureTopics(topics);
    const tail = await new TopicTail(this.client, topics, fromBeginning).start();
    this.tails.push(tail);
    return tail;
  }

  async produce(topic: string, records: readonly OutboundRecord[]): Promise<void> {
    await this.ensureTopics([topic]);
    await this.publisher.publish(topic, records);
  }

  async close(): Promise<void> {
    await Promise.all(this.tails.map((tail) => tail.stop()));
    await this.publisher.onApplicationShutdown();
    await this.admin.onApplicationShutdown();
  }
}

/**
 * Every topic of the pipeline, created as the apps and Debezium would create them. The broker
 * does not auto-create topics, so tests that read offsets before an app has started need this.
 */
export async function ensurePipelineTopics(): Promise<void> {
  const fixture = new KafkaFixture();
  try {
    await fixture.ensureTopics([
      ...Object.values(Topics),
      cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.content),
      cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.engagementEvents),
    ]);
  } finally {
    await fixture.close();
  }
}
