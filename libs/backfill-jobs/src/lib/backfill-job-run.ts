import { setTimeout as sleep } from 'node:timers/promises';

import { type EnrichedEngagementEventV1, ROUTES_TARGET, Topics } from '@cdc/contracts';
import type {
  DeadLetterPublisher,
  KafkaConfig,
  OutboundRecord,
  OversizedRecord,
  RecordPublisher,
  TopicAdmin,
} from '@cdc/kafka';
import { type RetryOptions, retryWithBackoff } from '@cdc/platform';
import type { RoutePublisher, RouteTopics } from '@cdc/route-publisher';
import { Logger } from '@nestjs/common';

import { BACKFILL_STAGE, toBackfillDeadLetter } from './backfill-dead-letter';
import type { BackfillJobEntity } from './backfill-job.entity';
import type { BackfillJobStore, JobLease } from './backfill-job-store';
import type { BackfillMetrics } from './backfill-metrics';
import { enrichForBackfill, toBackfillRecord } from './backfill-record';
import type { BackfillRange } from './backfill-request';
import type { BackfillWorkerConfig } from './backfill-worker.config';
import type { EventPageReader } from './event-page-reader';
import type { EventPageEntry } from './event-page-row';
import { rowsPerSecond } from './job-progress';
import { advanceCursor, isLastPage, type KeysetCursor } from './keyset-cursor';
import { TokenBucket } from './token-bucket';

/** The settings a run reads: the worker's, and the partition count of the topic it creates. */
export type JobRunSettings = Pick<
  BackfillWorkerConfig,
  | 'BACKFILL_PAGE_SIZE'
  | 'BACKFILL_LEASE_MS'
  | 'BACKFILL_HEARTBEAT_MS'
  | 'BACKFILL_MAX_PAGE_ATTEMPTS'
> &
  Pick<KafkaConfig, 'KAFKA_TOPIC_PARTITIONS'>;

export interface JobRunDependencies {
  config: JobRunSettings;
  store: BackfillJobStore;
  reader: EventPageReader;
  publisher: RecordPublisher;
  /** Rows the contract refuses go to engagement.backfill.dlq.v1, as the live path's do to its own. */
  deadLetters: Pick<DeadLetterPublisher, 'send'>;
  admin: TopicAdmin;
  /** Route copies, for jobs that target `routes`; the same routes as the enrichment's. */
  routes: RoutePublisher;
  routeTopics: Pick<RouteTopics, 'ensure'>;
  metrics: BackfillMetrics;
  /** Delays between attempts of a page; PAGE_RETRY_BACKOFF unless a test needs shorter ones. */
  backoff?: Pick<RetryOptions, 'initialMs' | 'maxMs'>;
}

/**
 * The delays the backfill used before the shared primitive (0.5 s, 1 s, 2 s, ... capped at
 * 30 s, now with jitter): the 10 attempts of the default give a page about two minutes.
 */
export const PAGE_RETRY_BACKOFF = { initialMs: 500, maxMs: 30_000 } as const;

type PageOutcome = 'more' | 'done' | 'lost' | 'stopped';
export type RunOutcome = 'completed' | 'failed' | 'lost' | 'released';

/**
 * Runs one claimed job to its end: page after page, read → enrich → wait for the rate limit
 * → publish (acks=all) → checkpoint. The checkpoint follows the ack, so a crash at any point
 * re-publishes at most the page in flight, never skips one; sinks drop the repeat by event id.
 * Publishing means the backfill topic when the job names a sink, and the route topics (one
 * copy per matching route, as the enrichment writes them) when it names `routes`.
 */
export class BackfillJobRun {
  private readonly logger = new Logger(BackfillJobRun.name);
  private readonly range: BackfillRange;
  private readonly pageSize: number;
  private readonly bucket: TokenBucket;
  private cursor: KeysetCursor | null;
  private leaseLost = false;
  private rowsThisRun = 0;
  private readonly startedMs = Date.now();
  private readonly targetsSinks: boolean;
  private readonly targetsRoutes: boolean;

  constructor(
    private readonly job: BackfillJobEntity,
    private readonly lease: JobLease,
    private readonly deps: JobRunDependencies,
    private readonly signal: AbortSignal,
  ) {
    this.range = {
      from: job.rangeFrom,
      to: job.rangeTo,
      contentIds: job.contentIds,
      eventTypes: job.eventTypes,
    };
    // Pages no larger than one second of rate keep publishing smooth instead of bursty.
    this.pageSize = Math.max(1, Math.min(deps.config.BACKFILL_PAGE_SIZE, job.rateLimit));
    this.bucket = new TokenBucket(job.rateLimit, job.rateLimit);
    this.targetsRoutes = job.sinks.includes(ROUTES_TARGET);
    this.targetsSinks = job.sinks.some((target) => target !== ROUTES_TARGET);
    this.cursor =
      job.cursorEventTs !== null && job.cursorId !== null
        ? { eventTs: job.cursorEventTs, id: job.cursorId }
        : null;
  }

  async execute(): Promise<RunOutcome> {
    const { config, store } = this.deps;
    const heartbeat = setInterval(() => {
      store.heartbeat(this.lease, config.BACKFILL_LEASE_MS).then(
        (held) => (this.leaseLost ||= !held),
        (error: unknown) =>
          this.logger.warn(`Heartbeat for ${this.job.id} failed: ${String(error)}`),
      );
    }, config.BACKFILL_HEARTBEAT_MS);
    try {
      if (this.targetsRoutes && !this.deps.routes.enabled) {
        // Retrying cannot help: the routes are read once, at start-up.
        const message = 'the job targets routes, but this worker has none (ROUTES_FILE is empty)';
        this.logger.error(`Backfill ${this.job.id} failed: ${message}`);
        await store.fail(this.lease, message).catch(() => undefined);
        return 'failed';
      }
      const prepared = await this.attempt(() => this.prepare());
      if (prepared !== 'more') {
        return this.finish(prepared);
      }
      for (;;) {
        const outcome = await this.attempt(() => this.nextPage());
        if (outcome !== 'more') {
          return this.finish(outcome);
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`Backfill ${this.job.id} failed: ${message}`);
      await store.fail(this.lease, message).catch(() => undefined);
      return 'failed';
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** The topic exists before the first record, and the total is counted once per job. */
  private async prepare(): Promise<PageOutcome> {
    await this.deps.admin.ensureTopics([
      { topic: Topics.backfill, partitions: this.deps.config.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.backfillDeadLetter, partitions: 1 },
    ]);
    if (this.targetsRoutes) {
      await this.deps.routeTopics.ensure();
    }
    if (this.job.rowsTotal !== null) {
      return 'more';
    }
    const total = await this.deps.reader.count(this.range);
    return (await this.deps.store.setTotal(this.lease, total)) ? 'more' : 'lost';
  }

  private async nextPage(): Promise<PageOutcome> {
    if (this.leaseLost) {
      return 'lost';
    }
    if (this.signal.aborted) {
      return 'stopped';
    }
    const { store, reader, metrics, config } = this.deps;
    const readStartMs = Date.now();
    const page = await reader.readPage(this.range, this.cursor, this.pageSize);
    if (page.length === 0) {
      return 'done';
    }
    const enrichedAt = new Date();
    const accepted = page.filter(isEvent);
    const rejected = page.filter(isRejected);
    const events = accepted.map((entry) => enrichForBackfill(entry, enrichedAt));
    const records = events.map((event) => toBackfillRecord(event, this.job.id, this.job.sinks));
    const preparedMs = Date.now() - readStartMs;
    // An abort ends the wait early (a rejection); the check below then hands the job back.
    await sleep(this.bucket.take(page.length), undefined, { signal: this.signal }).catch(
      () => undefined,
    );
    if (this.signal.aborted) {
      return 'stopped';
    }
    const publishStartMs = Date.now();
    const { published, setAside } = await this.publish(events, records);
    const tooLarge = setAside.map(({ index, reason }) => ({
      row: (accepted[index] as (typeof accepted)[number]).row,
      reason: `the backfill record cannot be produced to ${Topics.backfill}: ${reason}`,
    }));
    // Before the checkpoint, like the publish: a crash re-sends a page's letters, never loses one.
    await this.deps.deadLetters.send(
      Topics.backfillDeadLetter,
      BACKFILL_STAGE,
      [...rejected, ...tooLarge].map((entry) => toBackfillDeadLetter(entry, this.job.id)),
    );
    if (!(await store.recordPublished(this.lease, published))) {
      return 'lost';
    }
    // Dead-lettered rows are done too: the cursor moves past them and rows_done counts them.
    const next = advanceCursor(
      this.cursor,
      page.map(({ key }) => key),
    );
    this.rowsThisRun += page.length;
    const rate = rowsPerSecond(this.rowsThisRun, Date.now() - this.startedMs);
    if (
      next === null ||
      !(await store.checkpoint(this.lease, next, page.length, rate, config.BACKFILL_LEASE_MS))
    ) {
      return 'lost';
    }
    this.cursor = next;
    metrics.rows.inc(accepted.length - tooLarge.length);
    metrics.rowsDeadLettered.inc(rejected.length + tooLarge.length);
    metrics.pages.inc();
    metrics.pageSeconds.observe((preparedMs + Date.now() - publishStartMs) / 1000);
    return isLastPage(page.length, this.pageSize) ? 'done' : 'more';
  }

  /**
   * Publishes a page to the job's targets; resolves with the records Kafka acknowledged and
   * those too large for any produce request (set aside, by index, to be dead-lettered; their
   * route copies are not sent either, so a row has one outcome).
   */
  private async publish(
    events: readonly EnrichedEngagementEventV1[],
    records: readonly OutboundRecord[],
  ): Promise<{ published: number; setAside: OversizedRecord[] }> {
    let published = 0;
    let setAside: OversizedRecord[] = [];
    if (this.targetsSinks) {
      setAside = await this.deps.publisher.publishSettingAside(Topics.backfill, records);
      published += records.length - setAside.length;
    }
    if (this.targetsRoutes) {
      const skipped = new Set(setAside.map(({ index }) => index));
      published += await this.deps.routes.publish(
        events.flatMap((event, index) =>
          skipped.has(index) ? [] : [{ event, record: records[index] as OutboundRecord }],
        ),
      );
    }
    return { published, setAside };
  }

  /**
   * Runs a step until it succeeds or BACKFILL_MAX_PAGE_ATTEMPTS attempts have failed, when the
   * job fails. A shutdown while waiting to retry hands the job back instead of failing it.
   */
  private async attempt(step: () => Promise<PageOutcome>): Promise<PageOutcome> {
    const maxAttempts = this.deps.config.BACKFILL_MAX_PAGE_ATTEMPTS;
    let failedAttempts = 0;
    try {
      return await retryWithBackoff(
        async (attempt) => {
          try {
            return await step();
          } catch (error) {
            // Here rather than in onRetry: the last attempt is recorded too, and awaited.
            failedAttempts = attempt;
            await this.recordFailure(attempt, maxAttempts, error);
            throw error;
          }
        },
        { ...(this.deps.backoff ?? PAGE_RETRY_BACKOFF), maxAttempts, signal: this.signal },
      );
    } catch (error) {
      if (this.signal.aborted && failedAttempts < maxAttempts) {
        return 'stopped';
      }
      throw error;
    }
  }

  private async recordFailure(attempt: number, maxAttempts: number, error: unknown): Promise<void> {
    this.deps.metrics.pageErrors.inc();
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `Backfill ${this.job.id} page attempt ${attempt}/${maxAttempts} failed: ${message}`,
    );
    await this.deps.store.recordError(this.lease, message).catch(() => undefined);
  }

  private async finish(outcome: Exclude<PageOutcome, 'more'>): Promise<RunOutcome> {
    const { store } = this.deps;
    switch (outcome) {
      case 'done': {
        const rate = rowsPerSecond(this.rowsThisRun, Date.now() - this.startedMs);
        if (await store.complete(this.lease, rate)) {
          this.logger.log(
            `Backfill ${this.job.id} completed (${this.rowsThisRun} rows in this run)`,
          );
          return 'completed';
        }
        return 'lost';
      }
      case 'stopped':
        // Shutting down: hand the job back so that a worker resumes it from the checkpoint at once.
        await store.release(this.lease).catch(() => undefined);
        this.logger.log(`Backfill ${this.job.id} released at its checkpoint for another run`);
        return 'released';
      case 'lost':
        this.logger.log(`Backfill ${this.job.id} stopped: cancelled, or its lease was taken over`);
        return 'lost';
    }
  }
}

function isEvent(entry: EventPageEntry): entry is Extract<EventPageEntry, { kind: 'event' }> {
  return entry.kind === 'event';
}

function isRejected(entry: EventPageEntry): entry is Extract<EventPageEntry, { kind: 'rejected' }> {
  return entry.kind === 'rejected';
}
