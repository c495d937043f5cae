import { MetricsRegistry } from '@cdc/platform';
import type { EachBatchPayload } from 'kafkajs';

import { BatchConsumer, type BatchHandler } from './batch-consumer';
import type { KafkaClient } from './kafka-client';
import { KafkaMetrics } from './kafka-metrics';

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

async function started(handler: BatchHandler): Promise<FakeConsumer> {
  const fake = new FakeConsumer();
  const client = { kafka: { consumer: () => fake } } as unknown as KafkaClient;
  const consumer = new BatchConsumer(client, new KafkaMetrics(new MetricsRegistry()), {
    groupId: 'g',
    topics: ['t'],
    handler,
    retryInitialMs: 10,
    retryMaxMs: 20,
  });
  await consumer.start();
  return fake;
}

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
});
