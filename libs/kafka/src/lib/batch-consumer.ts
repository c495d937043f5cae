import { RecordHeaders } from '@cdc/contracts';
import { type RetryFailure, retryWithBackoff } from '@cdc/platform';
import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload } from 'kafkajs';

import {
  type BatchConsumerOptions,
  type BatchContext,
  type BatchOutcome,
  type ConsumerState,
  DEFAULT_STUCK_AFTER_MS,
} from './batch-types';
import { KafkaClient } from './kafka-client';
import { toInboundRecord } from './kafka-message';
import { KafkaMetrics } from './kafka-metrics';
import type { InboundRecord } from './kafka-records';
import { OffsetTracker } from './offset-tracker';
import { describeFailure, type PartitionFailure, PartitionFailures } from './partition-failures';
import type { TopicAdmin } from './topic-admin';
import { type TopicWait, waitForTopics } from './topic-wait';

export type {
  BatchConsumerOptions,
  BatchContext,
  BatchHandler,
  BatchOutcome,
  ConsumerState,
} from './batch-types';
export { DEFAULT_STUCK_AFTER_MS } from './batch-types';

/**
 * Consumes batches and commits an offset only after the handler resolved for every record
 * before it (at-least-once). A failing batch is retried with backoff, heartbeating, until it
 * succeeds or the consumer stops, so a downstream outage pauses the partition and loses nothing.
 */
export class BatchConsumer {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private trackers = new Map<string, OffsetTracker>();
  /** The commit loop while it runs; commitWanted asks it for one more round. */
  private committing: Promise<void> | null = null;
  private commitWanted = false;
  private stopping = false;
  private readonly inFlight = new Set<Promise<void>>();
  state: ConsumerState = 'idle';
  lastError: string | null = null;
  /** The partitions whose current batch is failing, with since when, attempts and last error. */
  readonly failures: PartitionFailures;
  /** Set while start() waits for source topics to exist. */
  waitingFor: TopicWait | null = null;

  constructor(
    client: KafkaClient,
    private readonly metrics: KafkaMetrics,
    private readonly options: BatchConsumerOptions,
    /** Checks that the source topics exist before subscribing; without it start() does not wait. */
    private readonly topicCheck?: Pick<TopicAdmin, 'unavailableTopics'>,
  ) {
    this.logger = new Logger(`BatchConsumer:${options.groupId}`);
    this.failures = new PartitionFailures(options.groupId);
    metrics.trackFailures(() => this.failures.all());
    this.consumer = client.kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1_048_576,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      rebalanceTimeout: 60_000,
    });
    // A new generation re-reads from committed offsets; completions of the old one must not commit.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.trackers = new Map();
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.lastError = String(event.payload.error);
      if (!event.payload.restart) {
        this.state = 'crashed';
      }
      this.logger.error(`Consumer crashed (restart: ${event.payload.restart}): ${this.lastError}`);
      this.options.onCrash?.(this.lastError, event.payload.restart);
    });
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  /** Partitions failing for longer than stuckAfterMs (60 s by default). */
  stuckPartitions(): PartitionFailure[] {
    return this.failures.stuck(this.options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS);
  }

  /**
   * Waits for the source topics (waitForTopics), then subscribes and runs. Returns without
   * consuming when stop() was called meanwhile.
   */
  async start(): Promise<void> {
    if (this.topicCheck) {
      const consume = await waitForTopics({
        groupId: this.groupId,
        topics: this.options.topics,
        waitMs: this.options.topicWaitMs,
        check: this.topicCheck,
        logger: this.logger,
        isStopping: () => this.stopping,
        onWaiting: (wait) => {
          this.state = wait ? 'waiting-for-topics' : this.state;
          this.waitingFor = wait;
        },
      });
      if (!consume) {
        return;
      }
    }
    await this.consumer.connect();
    for (const topic of this.options.topics) {
      await this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    }
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.track(this.handleBatch(payload)),
    });
    this.state = 'running';
    this.options.onStarted?.();
  }

  /**
   * Lets the batches being applied finish and commits them before kafkajs stops: once its
   * stop() has begun, kafkajs drops commitOffsets silently, so a batch applied during shutdown
   * would be re-read after a restart. New batches are abandoned meanwhile (isActive() is false).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight]);
    await this.committing;
    await this.commitAll();
    await this.consumer.stop();
    await this.consumer.disconnect();
    this.failures.clear();
    this.state = 'stopped';
  }

  private track(batch: Promise<void>): Promise<void> {
    this.inFlight.add(batch);
    const forget = () => this.inFlight.delete(batch);
    batch.then(forget, forget);
    return batch;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    if (batch.isEmpty()) {
      return;
    }
    const { topic, partition } = batch;
    const records = batch.messages.map((message) => toInboundRecord(topic, partition, message));
    const isActive = () => isRunning() && !isStale() && !this.stopping;
    const abort = new AbortController();
    // kafkajs reports a revoked or stopping batch only when asked; turn that into a signal.
    const watch = setInterval(() => {
      if (!isActive()) {
        abort.abort();
      }
    }, 100);
    const context: BatchContext = { topic, partition, heartbeat, isActive, signal: abort.signal };
    const endTimer = this.metrics.batchSeconds.startTimer({ topic });
    try {
      const outcome = await this.applyWithRetry(records, context);
      if (outcome === 'abandoned') {
        return;
      }
      this.settle(batch.lastOffset(), outcome?.deferred ?? [], topic, partition);
      resolveOffset(batch.lastOffset());
      // Not awaited: the next fetch need not wait for a commit round trip.
      this.requestCommit();
    } finally {
      clearInterval(watch);
    }
    endTimer();
    this.metrics.consumed.inc({ topic }, records.length);
    this.metrics.batchSize.observe({ topic }, records.length);
    this.metrics.lag.set(
      { group: this.options.groupId, topic, partition: String(partition) },
      Number(batch.offsetLag()),
    );
  }

  private settle(
    lastOffset: string,
    deferred: NonNullable<BatchOutcome['deferred']>,
    topic: string,
    partition: number,
  ): void {
    const tracker = this.trackerFor(topic, partition);
    tracker.batchDone(
      lastOffset,
      deferred.map((entry) => entry.offset),
    );
    for (const entry of deferred) {
      entry.settled.then(
        () => {
          tracker.deferredDone(entry.offset);
          this.requestCommit();
        },
        (error: unknown) => {
          this.lastError = `deferred record ${topic}[${partition}]@${entry.offset} failed: ${String(error)}`;
          this.logger.error(`${this.lastError}; its offset stays uncommitted`);
        },
      );
    }
  }

  private async applyWithRetry(
    records: InboundRecord[],
    context: BatchContext,
  ): Promise<BatchOutcome | void | 'abandoned'> {
    let attempts = 0;
    try {
      const outcome = await retryWithBackoff(
        async (attempt) => {
          attempts = attempt;
          if (!context.isActive()) {
            throw new Error('batch abandoned: revoked or stopping');
          }
          if (attempt > 1) {
            await context.heartbeat();
          }
          return this.options.handler(records, context);
        },
        {
          initialMs: this.options.retryInitialMs ?? 200,
          maxMs: this.options.retryMaxMs ?? 5_000,
          signal: context.signal,
          isRetryable: () => context.isActive(),
          onRetry: (failure) => this.reportFailure(records, context, failure),
        },
      );
      const ended = this.failures.ended(context.topic, context.partition);
      if (ended) {
        this.logger.log(
          `${context.topic}[${context.partition}] recovered after ${attempts} attempts, failing since ${ended.since.toISOString()}`,
        );
      }
      if (this.failures.all().length === 0) {
        this.state = 'running';
        this.lastError = null;
      }
      return outcome;
    } catch (error) {
      if (!context.isActive()) {
        // Revoked or stopping: whoever reads the partition next reports its own failures.
        this.failures.ended(context.topic, context.partition);
        return 'abandoned';
      }
      throw error;
    }
  }

  private reportFailure(
    records: readonly InboundRecord[],
    context: BatchContext,
    { attempt, delayMs, error }: RetryFailure,
  ): void {
    this.state = 'retrying';
    this.lastError = error instanceof Error ? error.message : String(error);
    const failure = this.failures.failed(context.topic, context.partition, attempt, this.lastError);
    this.metrics.failed.inc({ topic: context.topic });
    const first = records[0];
    const last = records[records.length - 1];
    this.logger.warn(
      {
        topic: context.topic,
        partition: context.partition,
        offsets: `${first?.offset}..${last?.offset}`,
        // Operators find the events of a stuck batch by id, in the sink and in Postgres.
        firstEventId: first?.headers[RecordHeaders.eventId] ?? null,
        lastEventId: last?.headers[RecordHeaders.eventId] ?? null,
        attempt,
        delayMs,
        failingSince: failure.since.toISOString(),
        error: this.lastError,
      },
      'batch failed; retrying',
    );
    if (this.failures.newlyStuck(failure, this.options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS)) {
      this.logger.error(`partition stuck: ${describeFailure(failure)}`);
    }
  }

  private trackerFor(topic: string, partition: number): OffsetTracker {
    const key = `${topic}:${partition}`;
    let tracker = this.trackers.get(key);
    if (!tracker) {
      tracker = new OffsetTracker();
      this.trackers.set(key, tracker);
    }
    return tracker;
  }

  /**
   * Commits what is done, in the background, one request for every partition: while a commit
   * is in flight the batches and deliveries that finish join the next one, so a busy consumer
   * commits about once per round trip instead of once per partition batch.
   */
  private requestCommit(): void {
    this.commitWanted = true;
    this.committing ??= (async () => {
      while (this.commitWanted) {
        this.commitWanted = false;
        await this.commitAll().catch((error: unknown) =>
          this.logger.warn(`Offset commit failed (retried with the next one): ${String(error)}`),
        );
      }
      this.committing = null;
    })();
  }

  private async commitAll(): Promise<void> {
    const offsets: { topic: string; partition: number; offset: string }[] = [];
    for (const [key, tracker] of this.trackers) {
      const offset = tracker.takeCommittable();
      if (offset !== null) {
        const separator = key.lastIndexOf(':');
        offsets.push({
          topic: key.slice(0, separator),
          partition: Number(key.slice(separator + 1)),
          offset,
        });
      }
    }
    if (offsets.length > 0) {
      await this.consumer.commitOffsets(offsets);
    }
  }
}
