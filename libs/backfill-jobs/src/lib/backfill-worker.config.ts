import { hostname } from 'node:os';

import { EnvInt } from '@cdc/platform';
import { IsInt, Matches, Max, Min } from 'class-validator';

/**
 * The worker's part of the backfill service's config: which jobs it claims, how many at
 * once, and how it pages, leases and retries them. A part like KafkaConfig, so that the
 * worker injects it while the app combines it with its API settings.
 */
export class BackfillWorkerConfig {
  /** Rows read, enriched and published per keyset page; the checkpoint moves once per page. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(50_000)
  BACKFILL_PAGE_SIZE = 1_000;

  /** Jobs one process runs at the same time; further jobs wait queued. */
  @EnvInt()
  @IsInt()
  @Min(1)
  BACKFILL_MAX_CONCURRENT_JOBS = 2;

  /** Jobs live in a queue; workers take jobs of their own queue only. */
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'BACKFILL_QUEUE may only contain letters, digits, ".", "_" and "-" (at most 64)',
  })
  BACKFILL_QUEUE = 'default';

  /**
   * Identity of this worker in job leases. Must differ between replicas and stay the same
   * across restarts of one replica (the pod name): a restarted worker resumes its own jobs
   * at once instead of waiting for their leases to expire.
   */
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, {
    message:
      'BACKFILL_WORKER_ID may only contain letters, digits, ".", "_", ":" and "-" (at most 128)',
  })
  BACKFILL_WORKER_ID = hostname();

  /** A job whose worker stops heartbeating is taken over after this long. */
  @EnvInt()
  @IsInt()
  @Min(1_000)
  BACKFILL_LEASE_MS = 30_000;

  @EnvInt()
  @IsInt()
  @Min(100)
  BACKFILL_HEARTBEAT_MS = 5_000;

  /** How often an idle worker looks for queued or abandoned jobs. */
  @EnvInt()
  @IsInt()
  @Min(50)
  BACKFILL_POLL_MS = 1_000;

  /** Attempts per page (read, publish, checkpoint) before the job is marked failed. */
  @EnvInt()
  @IsInt()
  @Min(1)
  BACKFILL_MAX_PAGE_ATTEMPTS = 10;
}
