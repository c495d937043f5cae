import { KafkaClient, type KafkaConfig, KafkaMetrics, type OutboundRecord, RecordPublisher, TopicTail } from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';
import { stackEnvironment } from './stack-environment';

/** A Kafka client on the local stack, for reading topics and injecting records in tests. */
export class KafkaFixture {
  readonly client = new KafkaClient(
    { KAFKA_BROKERS: stackEnvironment.KAFKA_BROKERS.split(','), KAFKA_SSL: false, KAFKA_TOPIC_PARTITIONS: 1, KAFKA_TOPIC_REPLICATION_FACTOR: -1 } as KafkaConfig,
    'e2e-tests',
  );
  private readonly tails: TopicTail[] = [];
  private readonly publisher = new RecordPublisher(this.client, new KafkaMetrics(new MetricsRegistry()));

  /** Starts reading the topics from their current end (or beginning); returns once subscribed. */
  async tail(topics: readonly string[], fromBeginning = false): Promise<TopicTail> {
    const tail = await new TopicTail(this.client, topics, fromBeginning).start();
    this.tails.push(tail);
    return tail;
  }

  async produce(topic: string, records: readonly OutboundRecord[]): Promise<void> {
    await this.publisher.publish(topic, records);
  }

  async close(): Promise<void> {
    await Promise.all(this.tails.map((tail) => tail.stop()));
    await this.publisher.onApplicationShutdown();
  }
}
