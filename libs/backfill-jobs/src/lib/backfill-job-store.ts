import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { BackfillJobEntity } from './backfill-job.entity';
import type { BackfillRequest } from './backfill-request';
import type { KeysetCursor } from './keyset-cursor';

/** A worker's hold on a job. Every write names the token, so a worker that lost the job stops. */
export interface JobLease {
  jobId: string;
  token: string;
}

export type CancelOutcome =
  | { outcome: 'cancelled'; job: BackfillJobEntity }
  | { outcome: 'final'; job: BackfillJobEntity }
  | { outcome: 'not-found' };

export interface ClaimOptions {
  queue: string;
  owner: string;
  leaseMs: number;
  /** Also take jobs this owner held before a restart, without waiting for the lease to expire. */
  resumeOwn: boolean;
  /** Jobs this process is already running. */
  exclude: readonly string[];
}

/** Persistence of backfill jobs: creation, leases, checkpoints and final states. */
@Injectable()
export class BackfillJobStore {
  private readonly jobs: Repository<BackfillJobEntity>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.jobs = dataSource.getRepository(BackfillJobEntity);
  }

  async create(queue: string, request: BackfillRequest): Promise<BackfillJobEntity> {
    return this.jobs.save(
      this.jobs.create({
        id: randomUUID(),
        queue,
        status: 'queued',
        rangeFrom: request.from,
        rangeTo: request.to,
        contentIds: request.contentIds === null ? null : [...request.contentIds],
        eventTypes: request.eventTypes === null ? null : [...request.eventTypes],
        sinks: [...request.sinks],
        rateLimit: request.rateLimit,
      }),
    );
  }

  find(queue: string, id: string): Promise<BackfillJobEntity | null> {
    return this.jobs.findOneBy({ queue, id });
  }

  list(queue: string, limit: number): Promise<BackfillJobEntity[]> {
    return this.jobs.find({ where: { queue }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** Cancels a queued or running job; a running worker notices at its next write. */
  async cancel(queue: string, id: string): Promise<CancelOutcome> {
    const result = await this.jobs
      .createQueryBuilder()
      .update()
      .set({
        status: 'cancelled',
        finishedAt: () => 'now()',
        leaseToken: null,
        leaseExpiresAt: null,
      })
      .where('queue = :queue AND id = :id AND status IN (:...active)', {
        queue,
        id,
        active: ['queued', 'running'],
      })
      .execute();
    const job = await this.find(queue, id);
    if (job === null) {
      return { outcome: 'not-found' };
    }
    return { outcome: result.affected === 1 ? 'cancelled' : 'final', job };
  }

  /**
   * Takes the oldest job of the queue that nobody holds: queued, or running with an expired
   * lease (its worker died), or, right after a restart, still leased to this very owner.
   * SKIP LOCKED lets several replicas claim concurrently without taking the same job.
   */
  async claim(options: ClaimOptions): Promise<{ job: BackfillJobEntity; lease: JobLease } | null> {
    const token = randomUUID();
    const result: unknown = await this.dataSource.query(
      `UPDATE backfill_jobs SET status = 'running', owner = $2, lease_token = $3,
         lease_expires_at = now() + $4 * interval '1 millisecond', heartbeat_at = now(),
         started_at = COALESCE(started_at, now()), claims = claims + 1, updated_at = now()
       WHERE id = (
         SELECT id FROM backfill_jobs
         WHERE queue = $1 AND status IN ('queued', 'running')
           AND (lease_expires_at IS NULL OR lease_expires_at < now() OR (owner = $2 AND $5::boolean))
           AND NOT (id = ANY($6::uuid[]))
         ORDER BY created_at
         LIMIT 1
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [options.queue, options.owner, token, options.leaseMs, options.resumeOwn, options.exclude],
    );
    const id = updatedIds(result)[0];
    if (id === undefined) {
      return null;
    }
    const job = await this.jobs.findOneByOrFail({ id });
    return { job, lease: { jobId: id, token } };
  }

  async setTotal(lease: JobLease, rowsTotal: number): Promise<boolean> {
    return this.update(lease, { rowsTotal });
  }

  /** Records an ack from Kafka, before the checkpoint, so re-sent pages show. */
  async recordPublished(lease: JobLease, records: number): Promise<boolean> {
    return this.update(lease, {
      recordsPublished: () => `records_published + ${safeCount(records)}`,
    });
  }

  /** Moves the cursor and the row count together: one statement, so they never disagree. */
  async checkpoint(
    lease: JobLease,
    cursor: KeysetCursor,
    rows: number,
    rowsPerSecond: number | null,
    leaseMs: number,
  ): Promise<boolean> {
    return this.update(lease, {
      cursorEventTs: cursor.eventTs,
      cursorId: cursor.id,
      rowsDone: () => `rows_done + ${safeCount(rows)}`,
      pagesDone: () => 'pages_done + 1',
      rowsPerSecond,
      ...leaseExtension(leaseMs),
    });
  }

  async heartbeat(lease: JobLease, leaseMs: number): Promise<boolean> {
    return this.update(lease, leaseExtension(leaseMs));
  }

  async recordError(lease: JobLease, message: string): Promise<boolean> {
    return this.update(lease, { errorCount: () => 'error_count + 1', lastError: message });
  }

  async complete(lease: JobLease, rowsPerSecond: number | null): Promise<boolean> {
    return this.update(lease, {
      status: 'completed',
      finishedAt: () => 'now()',
      rowsPerSecond,
      leaseToken: null,
      leaseExpiresAt: null,
    });
  }

  async fail(lease: JobLease, message: string): Promise<boolean> {
    return this.update(lease, {
      status: 'failed',
      finishedAt: () => 'now()',
      lastError: message,
      leaseToken: null,
      leaseExpiresAt: null,
    });
  }

  /** Gives a job back on shutdown so that any worker resumes it at once. */
  async release(lease: JobLease): Promise<boolean> {
    return this.update(lease, { leaseExpiresAt: () => 'now()' });
  }

  private async update(
    lease: JobLease,
    values: QueryDeepPartialEntity<BackfillJobEntity>,
  ): Promise<boolean> {
    const result = await this.jobs
      .createQueryBuilder()
      .update()
      .set(values)
      .where(`id = :id AND lease_token = :token AND status = 'running'`, {
        id: lease.jobId,
        token: lease.token,
      })
      .execute();
    return result.affected === 1;
  }
}

function leaseExtension(leaseMs: number) {
  return {
    leaseExpiresAt: () => `now() + ${safeCount(leaseMs)} * interval '1 millisecond'`,
    heartbeatAt: () => 'now()',
  };
}

/** Counts are interpolated into SQL expressions, so only plain non-negative integers pass. */
function safeCount(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`Expected a non-negative integer, got ${value}`);
  }
  return value;
}

/** TypeORM answers an UPDATE ... RETURNING with [rows, affectedCount] on Postgres. */
function updatedIds(result: unknown): string[] {
  const rows =
    Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as { id: string }[]) : [];
  return rows.map((row) => row.id);
}
