import { randomUUID } from 'node:crypto';

import { Topics } from '@cdc/contracts';
import { type KafkaConfig, type PartitionOffset, TopicAdmin } from '@cdc/kafka';
import { RedisKeyLayout } from '@cdc/redis-store';
import { AppProcess, KafkaFixture, stackEnvironment } from '@cdc/testing';
import { Redis } from 'ioredis';

import { baseAppEnvironment } from './app-environment';

export const REDIS_SINK_TOPICS = [Topics.enriched, Topics.backfill] as const;

/**
 * One isolated redis-sink for a test file: its own key prefix and consumer group, positioned
 * at the end of the topics so it applies only what the test produces (plus whatever other
 * traffic arrives meanwhile, under its own prefix).
 */
export class RedisSinkHarness {
  readonly prefix: string;
  readonly groupId: string;
  readonly layout: RedisKeyLayout;
  readonly redis = new Redis({
    host: stackEnvironment.REDIS_HOST,
    port: Number(stackEnvironment.REDIS_PORT),
    lazyConnect: false,
  });
  readonly kafka = new KafkaFixture();
  readonly admin: TopicAdmin;
  /** Where the group started: re-consuming resets to these. */
  startOffsets = new Map<string, PartitionOffset[]>();
  sink: AppProcess;

  constructor(
    name: string,
    readonly port: number,
    readonly extraEnv: Record<string, string> = {},
  ) {
    const unique = randomUUID().slice(0, 8);
    this.prefix = `e2e-${name}-${unique}`;
    this.groupId = `redis-sink-e2e-${name}-${unique}`;
    this.layout = new RedisKeyLayout(this.prefix, 16);
    this.admin = new TopicAdmin(this.kafka.client, {
      KAFKA_TOPIC_REPLICATION_FACTOR: -1,
    } as KafkaConfig);
    this.sink = this.process();
  }

  get environment(): Record<string, string> {
    return {
      ...baseAppEnvironment,
      REDIS_HOST: stackEnvironment.REDIS_HOST,
      REDIS_PORT: stackEnvironment.REDIS_PORT,
      REDIS_KEY_PREFIX: this.prefix,
      CONSUMER_GROUP_ID: this.groupId,
      ...this.extraEnv,
    };
  }

  process(env: Record<string, string> = {}): AppProcess {
    return new AppProcess('redis-sink', { ...this.environment, ...env }, this.port);
  }

  /** Commits the group at the current end of both topics, so it skips history. */
  async positionAtEnd(): Promise<void> {
    await this.admin.ensureTopics(REDIS_SINK_TOPICS.map((topic) => ({ topic, partitions: 16 })));
    for (const topic of REDIS_SINK_TOPICS) {
      const ends = await this.admin.endOffsets(topic);
      this.startOffsets.set(topic, ends);
      await this.admin.setGroupOffsets(this.groupId, topic, ends);
    }
  }

  /** Moves the (stopped) group back to where it started. */
  async rewind(): Promise<number> {
    let records = 0;
    for (const topic of REDIS_SINK_TOPICS) {
      const start = this.startOffsets.get(topic) ?? [];
      await this.admin.setGroupOffsets(this.groupId, topic, start);
      const ends = await this.admin.endOffsets(topic);
      for (const { partition, offset } of ends) {
        records +=
          Number(offset) -
          Number(start.find((entry) => entry.partition === partition)?.offset ?? '0');
      }
    }
    return records;
  }

  async start(): Promise<AppProcess> {
    await this.sink.start();
    return this.sink;
  }

  async deleteKeys(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${this.prefix}:*`,
        'COUNT',
        1000,
      );
      if (keys.length > 0) {
        await this.redis.unlink(...keys);
      }
      cursor = next;
    } while (cursor !== '0');
  }

  async metrics(): Promise<string> {
    const response = await fetch(`${this.sink.url}/metrics`);
    return response.text();
  }

  async close(): Promise<void> {
    await this.sink.kill('SIGTERM');
    await this.deleteKeys().catch((error: unknown) =>
      console.warn(`could not delete ${this.prefix}:* keys: ${String(error)}`),
    );
    await this.admin.deleteGroup(this.groupId);
    await this.admin.onApplicationShutdown();
    await this.kafka.close();
    this.redis.disconnect();
  }
}

/** Starts enrichment in the shared "enrichment" group on a port of its own. */
export function startSharedEnrichment(port: number): Promise<AppProcess> {
  return new AppProcess(
    'enrichment',
    { ...baseAppEnvironment, LATE_CONTENT_WAIT_MS: '10000' },
    port,
  ).start();
}
