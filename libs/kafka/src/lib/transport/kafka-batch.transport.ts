import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

import type { BatchConsumer, BatchContext, BatchOutcome } from '../batch-consumer';
import type { ConsumerConfig } from '../consumer.config';
import type { BatchConsumerFactory } from '../kafka.module';
import type { InboundRecord } from '../kafka-records';

export interface KafkaBatchTransportOptions {
  consumer: ConsumerConfig;
  /** Pattern of an `@EventPattern` handler → the topics whose batches it receives. */
  subscriptions: Readonly<Record<string, readonly string[]>>;
}

/**
 * Nest's microservice transport over the project's batch consumer. A handler bound with
 * `@EventPattern(pattern)` receives whole batches of one partition (`@Payload()`, the
 * records) with their `BatchContext` (`@Ctx()`), and may return deferred records; offsets
 * commit only once every record before them is done. Nest's own Kafka transport commits per
 * message after the handler, which allows neither batching nor deferred offsets.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaBatchTransport.name);
  private consumer: BatchConsumer | null = null;

  constructor(
    private readonly factory: BatchConsumerFactory,
    private readonly options: KafkaBatchTransportOptions,
  ) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    if (this.consumer && this.consumer.state !== 'stopped') {
      await this.consumer.stop();
    }
  }

  on(): never {
    throw new Error('KafkaBatchTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    const patternOfTopic = new Map<string, string>();
    for (const [pattern, topics] of Object.entries(this.options.subscriptions)) {
      if (!this.getHandlerByPattern(pattern)) {
        throw new Error(
          `no @EventPattern('${pattern}') handler is registered for ${topics.join(', ')}`,
        );
      }
      for (const topic of topics) {
        patternOfTopic.set(topic, pattern);
      }
    }
    const { consumer } = this.options;
    this.consumer = this.factory.create({
      groupId: consumer.CONSUMER_GROUP_ID,
      topics: [...patternOfTopic.keys()],
      fromBeginning: true,
      maxWaitTimeInMs: consumer.CONSUMER_MAX_WAIT_MS,
      partitionsConsumedConcurrently: consumer.CONSUMER_CONCURRENCY,
      retryInitialMs: consumer.RETRY_INITIAL_MS,
      retryMaxMs: consumer.RETRY_MAX_MS,
      stuckAfterMs: consumer.CONSUMER_STUCK_AFTER_MS,
      topicWaitMs: consumer.CONSUMER_TOPIC_WAIT_MS,
      handler: (records, context) =>
        this.dispatch(patternOfTopic.get(context.topic) as string, records, context),
    });
    this.log.log(
      `consuming ${[...patternOfTopic.keys()].join(', ')} as group ${consumer.CONSUMER_GROUP_ID}`,
    );
    await this.consumer.start();
  }

  private async dispatch(
    pattern: string,
    records: InboundRecord[],
    context: BatchContext,
  ): Promise<BatchOutcome | void> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) {
      throw new Error(`no handler for pattern ${pattern}`);
    }
    const result: unknown = await handler(records, context);
    return lastValueFrom(this.transformToObservable(result), {
      defaultValue: undefined,
    }) as Promise<BatchOutcome | void>;
  }
}
