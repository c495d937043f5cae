import { MetricsRegistry } from '@cdc/platform';
import type { EachBatchPayload } from 'kafkajs';

import { BatchConsumer, type BatchConsumerOptions, type BatchHandler } from './batch-consumer';
import { consumersStatus } from './consumers-status';
import type { KafkaClient } from './kafka-client';
import { KafkaMetrics } from './kafka-metrics';
import type { TopicAdmin } from './topic-admin';

/** The kafkajs consumer surface BatchConsumer uses, recording every commit. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: 'group.join', CRASH: 'crash' };
  readonly commits: { topic: string; partition: number; offset: string }[][] = [];
  eachBatch: ((payload: EachBatchPayload) => Promise<void>) | null = null;
  running = true;
  readonly calls: string[] = [];
  on(event: string): void {
    this.calls.push(`on ${event}`);
  }
  async connect(): Promise<void> {
    this.calls.push('connect');
  }
  async subscribe(): Promise<void> {
    this.calls.push('subscribe');
  }
  async run(options: { eachBatch: (payload: EachBatchPayload) => Promise<void> }): Promise<void> {
    this.eachBatch = options.eachBatch;
  }
  async commitOffsets(offsets: { topic: string; partition: number; offset: string }[]) {
    this.commits.push(offsets);
  }
  async stop(): Promise<void> {
    this.running = false;
  }
  async disconnect(): Promise<void> {
    this.calls.push('disconnect');
  }
}

function payload(fake: FakeConsumer, offsets: number[], stale = () => false): EachBatchPayload {
  const messages = offsets.map((offset) => ({
    offset: String(offset),
    key: null,
    value: Buffer.from(`v${offset}`),
    headers: { 'x-event-id': `e${offset}` },
    timestamp: '0',
    attributes: 0,
  }));
  return {
    batch: {
      topic: 't',
      partition: 3,
      messages,
      isEmpty: () => messages.length === 0,
      lastOffset: () => String(offsets[offsets.length - 1]),
      offsetLag: () => '0',
    },
    heartbeat: async () => undefined,
    isRunning: () => fake.running,
    isStale: stale,
    resolveOffset: () => undefined,
  } as unknown as EachBatchPayload;
}

function created(
  handler: BatchHandler,
  options: Partial<BatchConsumerOptions> = {},
  topicCheck?: Pick<TopicAdmin, 'unavailableTopics'>,
) {
  const fake = new FakeConsumer();
  const client = { kafka: { consumer: () => fake } } as unknown as KafkaClient;
  const metrics = new MetricsRegistry();
  const consumer = new BatchConsumer(
    client,
    new KafkaMetrics(metrics),
    { groupId: 'g', topics: ['t'], handler, retryInitialMs: 10, retryMaxMs: 20, ...options },
    topicCheck,
  );
  return { fake, consumer, metrics };
}

async function started(handler: BatchHandler): Promise<FakeConsumer> {
  const { fake, consumer } = created(handler);
  await consumer.start();
  return fake;
}

const samples = async (metrics: MetricsRegistry, name: string) =>
  (await metrics.registry.getSingleMetricAsString(name))
    .split('\n')
    .filter((line) => !line.startsWith('#'));

const committed = (fake: FakeConsumer) => fake.commits.flat().map((commit) => commit.offset);

describe('BatchConsumer', () => {
  it('commits the offset after the batch once the handler resolved', async () => {
    const seen: string[][] = [];
    const fake = await started(async (records) => {
      seen.push(records.map((record) => record.offset));
    });
    await fake.eachBatch?.(payload(fake, [5, 6, 7]));
    expect(seen).toEqual([['5', '6', '7']]);
    expect(fake.commits).toEqual([[{ topic: 't', partition: 3, offset: '8' }]]);
  });

  it('holds the commit at a deferred record until it settles, then commits past it', async () => {
    let settle: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const fake = await started(async () => ({ deferred: [{ offset: '11', settled }] }));
    await fake.eachBatch?.(payload(fake, [10, 11, 12]));
    expect(committed(fake)).toEqual(['11']);
    settle();
    // The deferred commit is coalesced on a short timer.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(committed(fake)).toEqual(['11', '13']);
  });

  it('retries a failing batch with the same records until it succeeds, and commits once', async () => {
    const attempts: string[][] = [];
    const fake = await started(async (records) => {
      attempts.push(records.map((record) => record.offset));
      if (attempts.length < 3) {
        throw new Error('sink down');
      }
    });
    await fake.eachBatch?.(payload(fake, [1, 2]));
    expect(attempts).toEqual([
      ['1', '2'],
      ['1', '2'],
      ['1', '2'],
    ]);
    expect(committed(fake)).toEqual(['3']);
  });

  it('abandons a failing batch once it is revoked, committing nothing', async () => {
    let stale = false;
    let attempts = 0;
    const fake = await started(async (_records, context) => {
      attempts += 1;
      expect(context.signal.aborted).toBe(false);
      stale = true;
      throw new Error('sink down');
    });
    await fake.eachBatch?.(payload(fake, [1, 2], () => stale));
    expect(attempts).toBe(1);
    expect(fake.commits).toEqual([]);
  });

  it('reports a partition whose batch keeps failing, and forgets it once the batch succeeds', async () => {
    let healed = false;
    const seen: { stuck: string[]; attempts: string[] }[] = [];
    const { fake, consumer, metrics } = created(
      async () => {
        if (!healed) {
          throw new Error('sink down');
        }
      },
      { stuckAfterMs: 100 },
    );
    await consumer.start();
    const batch = fake.eachBatch?.(payload(fake, [1, 2]));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const status = consumersStatus([consumer]);
    expect(status.details.stuckPartitions).toEqual([
      {
        group: 'g',
        topic: 't',
        partition: 3,
        since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        attempts: expect.any(Number),
        lastError: 'sink down',
      },
    ]);
    expect(status.problems[0]).toMatch(
      /^consumer group g: t\[3\] has failed since .+ \(0 s, \d+ attempts\); last error: sink down$/,
    );
    seen.push({
      stuck: await samples(metrics, 'cdc_partition_failing_seconds'),
      attempts: await samples(metrics, 'cdc_partition_failed_attempts'),
    });
    healed = true;
    await batch;
    expect(consumersStatus([consumer]).problems).toEqual([]);
    expect(seen[0]?.stuck[0]).toMatch(
      /^cdc_partition_failing_seconds\{group="g",topic="t",partition="3"\} 0\.[1-9]/,
    );
    expect(await samples(metrics, 'cdc_partition_failing_seconds')).toEqual([
      'cdc_partition_failing_seconds{group="g",topic="t",partition="3"} 0',
    ]);
    expect(await samples(metrics, 'cdc_partition_failed_attempts')).toEqual([
      'cdc_partition_failed_attempts{group="g",topic="t",partition="3"} 0',
    ]);
    expect(committed(fake)).toEqual(['3']);
  });

  it('waits for a missing source topic before subscribing, with readiness naming it', async () => {
    let exists = false;
    const { fake, consumer } = created(
      async () => undefined,
      {},
      {
        unavailableTopics: async (topics) => (exists ? [] : [...topics]),
      },
    );
    const starting = consumer.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(consumer.state).toBe('waiting-for-topics');
    expect(fake.calls).not.toContain('subscribe');
    expect(consumersStatus([consumer]).problems).toEqual([
      `consumer group g waits for topic(s) t to exist (since ${consumer.waitingFor?.since.toISOString()})`,
    ]);
    exists = true;
    await starting;
    expect(consumer.state).toBe('running');
    expect(fake.calls).toContain('subscribe');
    expect(consumersStatus([consumer]).problems).toEqual([]);
  });

  it('fails past the topic wait, naming the topic and the variable', async () => {
    const { consumer } = created(
      async () => undefined,
      { topicWaitMs: 0 },
      {
        unavailableTopics: async (topics) => [...topics],
      },
    );
    await expect(consumer.start()).rejects.toThrow(
      'consumer group g: topic(s) t still do not exist (or have a partition without a leader) after 0 ms (CONSUMER_TOPIC_WAIT_MS)',
    );
  });
});
