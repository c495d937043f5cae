import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { cdcTopic, SourceTables, Topics } from '@cdc/contracts';
import {
  type ChangeRecord,
  ContentCatalog,
  contentIdOf,
  decodeChangeRecord,
  decodeContent,
} from '@cdc/enrichment';
import {
  type BatchConsumer,
  BatchConsumerFactory,
  type DeadLetter,
  DeadLetterPublisher,
  type InboundRecord,
  TopicAdmin,
} from '@cdc/kafka';
import { retryWithBackoff } from '@cdc/platform';
import { ContentLookup } from '@cdc/source-db';
import { Injectable, Logger } from '@nestjs/common';

import { EnrichmentConfig } from './enrichment.config';
import { EnrichmentMetrics } from './enrichment-metrics';

/** A crash of the content consumer that is being recovered from. */
export interface ContentRecovery {
  since: Date;
  error: string;
  attempt: number;
}

const newGroupId = () => `enrichment-content-${hostname()}-${randomUUID().slice(0, 8)}`;

/**
 * Keeps the ContentCatalog equal to the content table: a snapshot from Postgres, then every
 * change from the content CDC topic, read by a consumer group of this replica's own
 * (every replica needs every content change).
 *
 * If that consumer crashes (kafkajs CRASH: a deleted topic, a lost coordinator, ...), the
 * catalogue is rebuilt the way it was built at start (end offsets, a new snapshot, a new
 * consumer in a new group), retried with backoff. A rebuild, not a resume: whatever changed
 * while the consumer was down is in the new snapshot, even if the topic was recreated. If the
 * rebuild does not succeed within CONTENT_RECOVERY_TIMEOUT_MS the process exits with code 1,
 * so that the orchestrator restarts it; until then readiness names the crash.
 */
@Injectable()
export class ContentSync {
  private readonly logger = new Logger(ContentSync.name);
  private readonly topic: string;
  private groupId = newGroupId();
  /** Next offset to apply, per partition of the content topic. */
  private positions = new Map<number, bigint>();
  private consumer: BatchConsumer | null = null;
  private stopping = false;
  private crashedAgain = false;
  /** Set while the content consumer is being recovered from a crash. */
  recovery: ContentRecovery | null = null;

  constructor(
    readonly catalog: ContentCatalog,
    private readonly config: EnrichmentConfig,
    private readonly admin: TopicAdmin,
    private readonly consumers: BatchConsumerFactory,
    private readonly lookup: ContentLookup,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: EnrichmentMetrics,
  ) {
    this.topic = cdcTopic(config.CDC_TOPIC_PREFIX, SourceTables.content);
  }

  /**
   * Reads the topic's end first, then the table: every change after that end is applied on
   * top of the snapshot, in order, so the catalog converges on the table's latest state.
   */
  async start(): Promise<void> {
    await this.follow();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.admin.deleteGroup(this.groupId);
  }

  /**
   * Waits until every content change already in Kafka is applied, so that an event committed
   * after a content UPDATE is enriched with the new values. Bounded by CONTENT_SYNC_WAIT_MS.
   */
  async awaitCaughtUp(): Promise<void> {
    const ends = await this.admin.endOffsets(this.topic);
    const deadline = Date.now() + this.config.CONTENT_SYNC_WAIT_MS;
    const behind = () =>
      ends.some(({ partition, offset }) => (this.positions.get(partition) ?? 0n) < BigInt(offset));
    while (behind()) {
      if (Date.now() >= deadline) {
        this.metrics.contentSyncTimeouts.inc();
        this.logger.warn(
          `Content stream still behind after ${this.config.CONTENT_SYNC_WAIT_MS} ms; enriching anyway`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** End offsets, then the table, then a consumer from those offsets. */
  private async follow(): Promise<void> {
    const ends = await this.admin.endOffsets(this.topic);
    const positions = new Map<number, bigint>();
    for (const { partition, offset } of ends) {
      positions.set(partition, BigInt(offset));
    }
    await this.admin.setGroupOffsets(this.groupId, this.topic, ends);
    const rows = await this.lookup.findAll();
    this.catalog.replaceAll(rows);
    this.positions = positions;
    this.metrics.contentCacheSize.set(this.catalog.size);
    this.logger.log(
      `Content snapshot: ${rows.length} rows; following ${this.topic} from ${JSON.stringify(ends)}`,
    );
    const consumer = this.consumers.create({
      groupId: this.groupId,
      topics: [this.topic],
      fromBeginning: false,
      maxWaitTimeInMs: this.config.CONSUMER_MAX_WAIT_MS,
      stuckAfterMs: this.config.CONSUMER_STUCK_AFTER_MS,
      topicWaitMs: this.config.CONSUMER_TOPIC_WAIT_MS,
      handler: (records) => this.apply(records),
      onCrash: (error) => this.crashed(consumer, error),
    });
    this.consumer = consumer;
    try {
      await consumer.start();
    } catch (error) {
      this.consumer = null;
      await this.retire(consumer);
      throw error;
    }
  }

  private crashed(consumer: BatchConsumer, error: string): void {
    if (this.stopping || consumer !== this.consumer) {
      return;
    }
    if (this.recovery) {
      this.crashedAgain = true;
      return;
    }
    this.recovery = { since: new Date(), error, attempt: 0 };
    this.logger.error(
      { groupId: this.groupId, topic: this.topic, error },
      `content consumer crashed: rebuilding the content catalogue (new snapshot, new consumer) for at most ${this.config.CONTENT_RECOVERY_TIMEOUT_MS} ms, then exiting`,
    );
    void this.recover(consumer);
  }

  private async recover(crashed: BatchConsumer): Promise<void> {
    const recovery = this.recovery as ContentRecovery;
    const deadline = recovery.since.getTime() + this.config.CONTENT_RECOVERY_TIMEOUT_MS;
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), deadline - Date.now());
    try {
      this.consumer = null;
      await this.retire(crashed);
      await retryWithBackoff(
        async (attempt) => {
          recovery.attempt = attempt;
          this.crashedAgain = false;
          this.groupId = newGroupId();
          await this.follow();
        },
        {
          initialMs: this.config.RETRY_INITIAL_MS,
          maxMs: this.config.RETRY_MAX_MS,
          signal: giveUp.signal,
          isRetryable: () => !this.stopping,
          onRetry: ({ attempt, delayMs, error }) => {
            recovery.error = error instanceof Error ? error.message : String(error);
            this.logger.error(
              `content catalogue rebuild failed (attempt ${attempt}, next in ${delayMs} ms): ${recovery.error}`,
            );
          },
        },
      );
      this.metrics.contentConsumerRestarts.inc({ result: 'recovered' });
      this.logger.log(
        `content consumer recovered after ${recovery.attempt} attempt(s): ${this.catalog.size} contents, group ${this.groupId}`,
      );
      this.recovery = null;
      if (this.crashedAgain && this.consumer) {
        this.crashed(this.consumer, 'crashed again while recovering');
      }
    } catch (error) {
      if (this.stopping) {
        return;
      }
      this.metrics.contentConsumerRestarts.inc({ result: 'failed' });
      this.logger.error(
        `content consumer did not recover within ${this.config.CONTENT_RECOVERY_TIMEOUT_MS} ms (${String(error)}): exiting with code 1 so that the process is restarted`,
      );
      // A graceful stop (consumers commit, producers flush), then exit code 1: Nest's shutdown
      // hook ends with process.exit(0), so the code is set again on the way out.
      process.once('exit', () => {
        process.exitCode = 1;
      });
      process.kill(process.pid, 'SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops a consumer this service no longer uses and forgets its group. */
  private async retire(consumer: BatchConsumer): Promise<void> {
    const groupId = consumer.groupId;
    await consumer.stop().catch((error: unknown) => {
      this.logger.warn(`Stopping the content consumer ${groupId} failed: ${String(error)}`);
    });
    await this.admin.deleteGroup(groupId);
  }

  private async apply(records: InboundRecord[]): Promise<void> {
    const dead: DeadLetter[] = [];
    for (const record of records) {
      const reason = this.applyOne(record);
      if (reason) {
        dead.push({ record, reason });
      }
    }
    await this.deadLetters.send(Topics.enrichmentDeadLetter, 'enrichment', dead);
    const last = records[records.length - 1];
    if (last) {
      this.positions.set(last.partition, BigInt(last.offset) + 1n);
      this.logger.debug(`applied ${records.length} content change(s) up to offset ${last.offset}`);
    }
    this.metrics.contentCacheSize.set(this.catalog.size);
    const applied = this.catalog.appliedThrough;
    if (applied) {
      this.metrics.contentAppliedLsn.set(Number(applied.lsn));
    }
  }

  /** Applies one content change; returns why it could not be applied, if it could not. */
  private applyOne(record: InboundRecord): string | null {
    const change = decodeChangeRecord(record.value);
    if (!change.ok) {
      return change.reason;
    }
    if (change.value.kind === 'tombstone') {
      return null;
    }
    const reason = this.applyChange(change.value);
    // Applied or dead-lettered, the change is behind us: events after it may go ahead.
    if (change.value.position) {
      this.catalog.markApplied(change.value.position);
    }
    return reason;
  }

  private applyChange(change: Extract<ChangeRecord, { kind: 'change' }>): string | null {
    const { op, before, after } = change;
    switch (op) {
      case 'c':
      case 'r':
      case 'u': {
        const content = decodeContent(after);
        if (!content.ok) {
          return content.reason;
        }
        this.catalog.upsert(content.value);
        return null;
      }
      case 'd': {
        const id = contentIdOf(before);
        if (id === null) {
          return 'content delete without a readable before.id';
        }
        this.catalog.remove(id);
        return null;
      }
      case 't':
      case 'm':
        return null;
    }
  }
}
