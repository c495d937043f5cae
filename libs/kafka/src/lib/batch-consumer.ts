import { setTimeout as sleep } from 'node:timers/promises';

import { RecordHeaders } from '@cdc/contracts';
import { type RetryFailure, retryWithBackoff } from '@cdc/platform';
import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';

import { KafkaClient } from './kafka-client';
import { KafkaMetrics } from './kafka-metrics';
import type { InboundRecord } from './kafka-records';
import { OffsetTracker } from './offset-tracker';
import type { TopicAdmin } from './topic-admin';
import { describeFailure, type PartitionFailure, PartitionFailures } from './partition-failures';

export interface BatchContext {
  topic: string;
  partition: number;
  /** Call during long work so the group does not consider this member dead. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the batch was revoked: stop early, nothing is committed. */
  isActive(): boolean;
  /** Aborts when isActive() turns false, so waits and retries of the batch end at once. */
  signal: AbortSignal;
}

/** Records of the batch that are handled later; the commit waits for each `settled`. */
export interface BatchOutcome {
  deferred?: { offset: string; settled: Promise<void> }[];
}

export type BatchHandler = (
  records: InboundRecord[],
  context: BatchContext,
) => Promise<BatchOutcome | void>;

export interface BatchConsumerOptions {
  groupId: string;
  topics: readonly string[];
  handler: BatchHandler;
  /** Where a group without committed offsets starts. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Longest a fetch waits for data: the main latency knob on a quiet topic. */
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
  /** Backoff between attempts of a failing batch: starts at retryInitialMs, doubles, caps at retryMaxMs. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** A partition whose batch has been failing this long is stuck: readiness goes down. */
  stuckAfterMs?: number;
  /** How long start() waits for source topics that do not exist yet, re-checking every second. */
  topicWaitMs?: number;
  /** Called once the consumer runs, e.g. so that its lag is published without waiting a poll interval. */
  onStarted?: () => void;
}

/** How long a batch may keep failing before its partition counts as stuck (readiness down). */
export const DEFAULT_STUCK_AFTER_MS = 60_000;

/** How long start() waits for missing source topics unless told otherwise. */
export const DEFAULT_TOPIC_WAIT_MS = 300_000;
const TOPIC_CHECK_INTERVAL_MS = 1_000;

export type ConsumerState =
  'idle' | 'waiting-for-topics' | 'running' | 'retrying' | 'stopped' | 'crashed';

/** The source topics a consumer waits for at start, and since when. */
export interface TopicWait {
  topics: string[];
  since: Date;
}

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
   * Waits for the source topics (see awaitTopics), then subscribes and runs. Returns without
   * consuming when stop() was called meanwhile.
   */
  async start(): Promise<void> {
    if (!(await this.awaitTopics())) {
      return;
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
   * On a fresh stack an app can start before its input topics exist (Debezium creates a CDC
   * topic at the table's first change, a writer creates its route topic): subscribing then
   * fails with UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this topic-partition").
   * So start waits, with readiness down naming the topics, until each exists with a leader for
   * every partition; past topicWaitMs it fails with a message naming them. False if stopped.
   */
  private async awaitTopics(): Promise<boolean> {
    if (!this.topicCheck) {
      return true;
    }
    const waitMs = this.options.topicWaitMs ?? DEFAULT_TOPIC_WAIT_MS;
    const since = new Date();
    let unavailable = await this.unavailable([...this.options.topics]);
    while (unavailable.length > 0) {
      if (this.stopping) {
        return false;
      }
      if (this.waitingFor?.topics.join() !== unavailable.join()) {
        this.logger.warn(
          `waiting for topic(s) ${unavailable.join(', ')} to exist before consuming (consumer group ${this.groupId}, since ${since.toISOString()}, at most ${waitMs} ms: CONSUMER_TOPIC_WAIT_MS)`,
        );
      }
      this.state = 'waiting-for-topics';
      this.waitingFor = { topics: unavailable, since };
      if (Date.now() - since.getTime() >= waitMs) {
        throw new Error(
          `consumer group ${this.groupId}: topic(s) ${unavailable.join(', ')} still do not exist (or have a partition without a leader) after ${waitMs} ms (CONSUMER_TOPIC_WAIT_MS). A topic is created by its writer: Debezium (CDC topics, at the first change of the table), enrichment or backfill (the enriched, backfill and route topics); check the names and that the writer runs`,
        );
      }
      await sleep(TOPIC_CHECK_INTERVAL_MS);
      unavailable = await this.unavailable(unavailable);
    }
    if (this.waitingFor) {
      this.logger.log(`topic(s) ${this.waitingFor.topics.join(', ')} exist now; consuming`);
      this.waitingFor = null;
    }
    return !this.stopping;
  }

  /** The topics not consumable yet; when the broker cannot be asked, all of them. */
  private async unavailable(topics: string[]): Promise<string[]> {
    try {
      return (await this.topicCheck?.unavailableTopics(topics)) ?? [];
    } catch (error) {
      this.logger.debug(`topic check failed, retried: ${String(error)}`);
      return topics;
    }
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
    const stuckAfterMs = this.options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS;
    const failingMs = Date.now() - failure.since.getTime();
    // Once, when the partition crosses the threshold: the line readiness shows from then on.
    if (failingMs >= stuckAfterMs && !failure.stuckLogged) {
      failure.stuckLogged = true;
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

function toInboundRecord(topic: string, partition: number, message: KafkaMessage): InboundRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value === undefined) {
      continue;
    }
    headers[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers,
    timestamp: message.timestamp,
  };
}
