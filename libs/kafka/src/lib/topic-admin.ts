import { setTimeout as sleep } from 'node:timers/promises';

import { retryWithBackoff } from '@cdc/platform';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin } from 'kafkajs';

import { KafkaConfig } from './kafka.config';
import { KafkaClient } from './kafka-client';
import type { TopicSpec } from './kafka-records';

export interface PartitionOffset {
  partition: number;
  offset: string;
}

/** Topic creation, offsets and cluster checks through one lazily connected admin client. */
@Injectable()
export class TopicAdmin implements OnApplicationShutdown {
  private readonly logger = new Logger(TopicAdmin.name);
  private admin: Promise<Admin> | null = null;

  constructor(
    private readonly client: KafkaClient,
    private readonly config: KafkaConfig,
  ) {}

  /**
   * Creates missing topics; existing topics are left as they are. Returns once every topic of
   * `specs` has a leader for each partition, whoever created it: a topic another client (Kafka
   * Connect, another app) is creating at the same moment is listed before its partitions are
   * hosted, and kafkajs skips its wait for leaders when any topic of the request already
   * existed. Consuming or committing then fails with "This server does not host this
   * topic-partition".
   */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await this.create(admin, missing);
    }
    await this.awaitAvailable(
      specs.map((spec) => spec.topic),
      TOPIC_LEADERS_WAIT_MS,
    );
  }

  /**
   * The topics of `topics` that cannot be consumed yet: missing, or with a partition that has
   * no leader. A metadata error counts the topics it concerns as unavailable.
   */
  async unavailableTopics(topics: readonly string[]): Promise<string[]> {
    if (topics.length === 0) {
      return [];
    }
    const admin = await this.connected();
    const existing = new Set(await admin.listTopics());
    const unavailable = new Set(topics.filter((topic) => !existing.has(topic)));
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present });
        const led = new Set(
          metadata
            .filter(
              ({ partitions }) =>
                partitions.length > 0 &&
                partitions.every((entry) => entry.partitionErrorCode === 0 && entry.leader >= 0),
            )
            .map(({ name }) => name),
        );
        present.filter((topic) => !led.has(topic)).forEach((topic) => unavailable.add(topic));
      } catch {
        present.forEach((topic) => unavailable.add(topic));
      }
    }
    return topics.filter((topic) => unavailable.has(topic));
  }

  /** Waits until every topic has a leader for each partition; fails past timeoutMs. */
  async awaitAvailable(topics: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let unavailable = await this.unavailableTopics(topics);
    while (unavailable.length > 0) {
      if (Date.now() >= deadline) {
        throw new Error(
          `Kafka topics ${unavailable.join(', ')} have no leader for every partition after ${timeoutMs} ms`,
        );
      }
      await sleep(200);
      unavailable = await this.unavailableTopics(unavailable);
    }
  }

  private async create(admin: Admin, missing: readonly TopicSpec[]): Promise<void> {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: this.config.KAFKA_TOPIC_REPLICATION_FACTOR,
        configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    this.logger.log(
      `Created topics ${missing.map((spec) => `${spec.topic}(${spec.partitions})`).join(', ')}`,
    );
  }

  /** The names of the topics that exist. */
  async listTopics(): Promise<string[]> {
    const admin = await this.connected();
    return admin.listTopics();
  }

  /** Partitions of each topic, from the cluster metadata (no partition leader is asked). */
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    if (topics.length === 0) {
      return new Map();
    }
    const admin = await this.connected();
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
    return new Map(metadata.map(({ name, partitions }) => [name, partitions.length]));
  }

  /** The next offset to be written, per partition (the high watermark). */
  async endOffsets(topic: string): Promise<PartitionOffset[]> {
    const admin = await this.connected();
    // Right after a topic is created, a broker can answer "not the leader" until the leader
    // election is visible everywhere: retried, as kafkajs marks such errors retriable.
    const offsets = await retryWithBackoff(() => admin.fetchTopicOffsets(topic), {
      initialMs: 100,
      maxMs: 1_000,
      maxAttempts: 20,
      isRetryable: (error) => (error as { retriable?: unknown }).retriable === true,
    });
    return offsets.map(({ partition, high }) => ({ partition, offset: high }));
  }

  /** The offsets a consumer group has committed on a topic, per partition ('-1' where it has none). */
  async committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]> {
    const admin = await this.connected();
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (entry?.partitions ?? [])
      .map(({ partition, offset }) => ({ partition, offset }))
      .sort((a, b) => a.partition - b.partition);
  }

  /** Sets a consumer group's committed offsets; the group must have no active members. */
  async setGroupOffsets(groupId: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    const admin = await this.connected();
    await admin.setOffsets({ groupId, topic, partitions: offsets });
  }

  async deleteGroup(groupId: string): Promise<void> {
    const admin = await this.connected();
    await admin.deleteGroups([groupId]).catch((error: unknown) => {
      this.logger.warn(`Could not delete consumer group ${groupId}: ${String(error)}`);
    });
  }

  /** Fails when no broker answers within timeoutMs. */
  async ping(timeoutMs: number): Promise<{ brokers: number }> {
    const admin = await this.connected();
    const cluster = await withTimeout(admin.describeCluster(), timeoutMs, 'Kafka did not answer');
    return { brokers: cluster.brokers.length };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.admin) {
      return;
    }
    const admin = await this.admin.catch(() => null);
    await admin?.disconnect();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.client.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = null;
      throw error;
    });
    return this.admin;
  }
}

/** How long ensureTopics waits for the leaders of topics that exist or were just created. */
const TOPIC_LEADERS_WAIT_MS = 30_000;

export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
