import 'reflect-metadata';

import { Controller, Module, UseFilters } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import type { BatchConsumerOptions, BatchContext } from '../batch-consumer';
import { ConsumerConfig } from '../consumer.config';
import type { BatchConsumerFactory } from '../kafka.module';
import type { InboundRecord } from '../kafka-records';
import { BatchErrorsFilter } from './batch-errors.filter';
import { KafkaBatchTransport } from './kafka-batch.transport';

const received: { offsets: string[]; topic: string }[] = [];

@Controller()
@UseFilters(BatchErrorsFilter)
class ProbeController {
  @EventPattern('probe.records')
  handle(@Payload() records: InboundRecord[], @Ctx() context: BatchContext) {
    if (records[0]?.offset === '666') {
      throw new Error('poison batch at 666');
    }
    received.push({ offsets: records.map((record) => record.offset), topic: context.topic });
    return { deferred: [{ offset: records[0]?.offset ?? '', settled: Promise.resolve() }] };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

function record(offset: string): InboundRecord {
  return { topic: 'a', partition: 0, offset, key: null, value: null, headers: {}, timestamp: '0' };
}

const context = {
  topic: 'a',
  partition: 0,
  heartbeat: async () => undefined,
  isActive: () => true,
  signal: new AbortController().signal,
} satisfies BatchContext;

async function boundTransport(): Promise<{
  options: BatchConsumerOptions;
  close: () => Promise<void>;
}> {
  let created: BatchConsumerOptions | null = null;
  const factory = {
    create: (options: BatchConsumerOptions) => {
      created = options;
      return { start: async () => undefined, stop: async () => undefined, state: 'running' };
    },
  } as unknown as BatchConsumerFactory;
  const consumer = Object.assign(new ConsumerConfig(), { CONSUMER_GROUP_ID: 'probe-group' });
  const transport = new KafkaBatchTransport(factory, {
    consumer,
    subscriptions: { 'probe.records': ['a', 'b'] },
  });
  const app = await NestFactory.createMicroservice(ProbeModule, {
    strategy: transport,
    logger: false,
  });
  await app.listen();
  if (!created) {
    throw new Error('the transport created no consumer');
  }
  return { options: created, close: () => app.close() };
}

describe('KafkaBatchTransport', () => {
  it('subscribes one consumer group to every topic of its patterns', async () => {
    const { options, close } = await boundTransport();
    expect(options.groupId).toBe('probe-group');
    expect(options.topics).toEqual(['a', 'b']);
    expect(options.partitionsConsumedConcurrently).toBe(16);
    expect(options.maxWaitTimeInMs).toBe(5_000);
    expect(options.stuckAfterMs).toBe(60_000);
    expect(options.topicWaitMs).toBe(300_000);
    await close();
  });

  it('hands a batch to the @EventPattern handler with its context and returns its deferred records', async () => {
    const { options, close } = await boundTransport();
    const outcome = await options.handler([record('7'), record('8')], context);
    expect(received).toEqual([{ offsets: ['7', '8'], topic: 'a' }]);
    expect(outcome?.deferred?.map((entry) => entry.offset)).toEqual(['7']);
    await close();
  });

  it('passes the handler error to the consumer unchanged, so it is retried with its reason', async () => {
    const { options, close } = await boundTransport();
    await expect(options.handler([record('666')], context)).rejects.toThrow('poison batch at 666');
    await close();
  });
});
