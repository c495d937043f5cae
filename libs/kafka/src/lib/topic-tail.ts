import { randomUUID } from 'node:crypto';

import type { Consumer } from 'kafkajs';

import type { KafkaClient } from './kafka-client';
import { toInboundRecord } from './kafka-message';
import type { InboundRecord } from './kafka-records';

/**
 * Reads topics into memory with a throwaway consumer group, from the beginning or from the
 * end. For tests and operator commands (dead-letter replay), not for pipelines: it commits
 * nothing and keeps every record it reads.
 */
export class TopicTail {
  readonly records: InboundRecord[] = [];
  private consumer: Consumer | null = null;
  private readonly groupId = `tail-${randomUUID()}`;

  constructor(
    private readonly client: KafkaClient,
    private readonly topics: readonly string[],
    private readonly fromBeginning = true,
  ) {}

  async start(): Promise<this> {
    const consumer = this.client.kafka.consumer({ groupId: this.groupId, maxWaitTimeInMs: 50 });
    this.consumer = consumer;
    await consumer.connect();
    for (const topic of this.topics) {
      await consumer.subscribe({ topic, fromBeginning: this.fromBeginning });
    }
    const joined = new Promise<void>((resolve) =>
      consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
    );
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        this.records.push(toInboundRecord(topic, partition, message));
      },
    });
    await joined;
    return this;
  }

  /** Resolves with the matching records once `count` of them have arrived, or rejects after timeoutMs. */
  async waitFor(
    match: (record: InboundRecord) => boolean,
    count = 1,
    timeoutMs = 30_000,
  ): Promise<InboundRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records.filter(match);
      if (found.length >= count) {
        return found;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `Timed out after ${timeoutMs} ms waiting for ${count} record(s) on ${this.topics.join(', ')}; saw ${found.length} matching of ${this.records.length}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
