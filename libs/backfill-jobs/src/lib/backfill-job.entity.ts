import type { BackfillTarget, EventType } from '@cdc/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
  type ValueTransformer,
} from 'typeorm';

import type { BackfillJobStatus } from './backfill-job-status';

/** BIGINT counters arrive from pg as strings; they stay far below 2^53. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * One backfill: what to replay (request), how far it got (cursor and counters), and who is
 * running it (lease). Timestamps that bound the replay are ISO-8601 UTC text with six
 * fraction digits, because a JS Date would drop the microseconds Postgres keeps.
 */
@Entity({ name: 'backfill_jobs' })
@Index('backfill_jobs_claimable_idx', ['queue', 'createdAt'], {
  where: `status IN ('queued', 'running')`,
})
export class BackfillJobEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Workers only claim jobs of their own queue (BACKFILL_QUEUE). */
  @Column('text')
  queue!: string;

  @Column('text')
  status!: BackfillJobStatus;

  /** Inclusive start of the event_ts range. */
  @Column('text', { name: 'range_from' })
  rangeFrom!: string;

  /** Exclusive end of the event_ts range. */
  @Column('text', { name: 'range_to' })
  rangeTo!: string;

  @Column('uuid', { name: 'content_ids', array: true, nullable: true })
  contentIds!: string[] | null;

  @Column('text', { name: 'event_types', array: true, nullable: true })
  eventTypes!: EventType[] | null;

  /** Sinks, and `routes`: the route topics of the backfill's ROUTES_FILE. */
  @Column('text', { array: true })
  sinks!: BackfillTarget[];

  /** Rows per second. */
  @Column('integer', { name: 'rate_limit' })
  rateLimit!: number;

  /** event_ts of the last row published and checkpointed; null before the first page. */
  @Column('text', { name: 'cursor_event_ts', nullable: true })
  cursorEventTs!: string | null;

  @Column('bigint', { name: 'cursor_id', nullable: true })
  cursorId!: string | null;

  /** Rows in the range when the job first started. */
  @Column('bigint', { name: 'rows_total', nullable: true, transformer: bigintAsNumber })
  rowsTotal!: number | null;

  /** Rows published and checkpointed; exact across restarts because it moves with the cursor. */
  @Column('bigint', { name: 'rows_done', default: 0, transformer: bigintAsNumber })
  rowsDone!: number;

  @Column('integer', { name: 'pages_done', default: 0 })
  pagesDone!: number;

  /**
   * Records acknowledged by Kafka, recorded right after each ack and before the checkpoint:
   * above rows_done when a page was re-sent after a crash (sinks drop the repeats by event id).
   */
  @Column('bigint', { name: 'records_published', default: 0, transformer: bigintAsNumber })
  recordsPublished!: number;

  /** Rows per second over the current (or last) run of the job. */
  @Column('double precision', { name: 'rows_per_second', nullable: true })
  rowsPerSecond!: number | null;

  /** Times a worker took the job: more than 1 means it resumed after a crash or a restart. */
  @Column('integer', { default: 0 })
  claims!: number;

  @Column('integer', { name: 'error_count', default: 0 })
  errorCount!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  /** Worker id (BACKFILL_WORKER_ID) holding the lease. */
  @Column('text', { nullable: true })
  owner!: string | null;

  /** Fencing token of the current claim: a worker whose token was replaced stops writing. */
  @Column('uuid', { name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  @Column('timestamptz', { name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column('timestamptz', { name: 'heartbeat_at', nullable: true })
  heartbeatAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
