import { hostname } from 'node:os';
import { IntersectionType } from '@nestjs/mapped-types';
import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { KafkaConfig } from '@cdc/kafka';
import { EnvInt, RuntimeConfig } from '@cdc/platform';
import { PostgresConfig } from '@cdc/source-db';

export class BackfillSettings {
  /** Bearer token the HTTP API requires (not /health or /metrics). */
  @IsString()
  @MinLength(16, { message: 'BACKFILL_API_TOKEN must be at least 16 characters' })
  BACKFILL_API_TOKEN!: string;

  /** Rows read, enriched and published per keyset page; the checkpoint moves once per page. */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(50_000)
  BACKFILL_PAGE_SIZE = 1_000;

  /** Longest event_ts range one job may cover. */
  @EnvInt()
  @IsInt()
  @Min(1)
  BACKFILL_MAX_RANGE_DAYS = 31;

  /** Rows per second when a request names no rateLimit. */
  @EnvInt()
  @IsInt()
  @Min(1)
  BACKFILL_DEFAULT_RATE_LIMIT = 2_000;

  /** Highest rateLimit a request may ask for. */
  @EnvInt()
  @IsInt()
  @Min(1)
  BACKFILL_MAX_RATE_LIMIT = 20_000;

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

export class BackfillConfig extends IntersectionType(
  RuntimeConfig,
  KafkaConfig,
  PostgresConfig,
  BackfillSettings,
) {
  override HTTP_PORT = 3005;
}
