import { BackfillWorkerConfig } from '@cdc/backfill-jobs';
import { KafkaConfig } from '@cdc/kafka';
import { EnvInt, RuntimeConfig } from '@cdc/platform';
import { RoutesConfig } from '@cdc/route-publisher';
import { PostgresConfig, ReplicationSlotConfig } from '@cdc/source-db';
import { IntersectionType } from '@nestjs/mapped-types';
import { IsInt, IsString, Min, MinLength } from 'class-validator';

/** What the HTTP API accepts; the worker's settings are in BackfillWorkerConfig. */
export class BackfillApiSettings {
  /** Bearer token the HTTP API requires (not /health or /metrics). */
  @IsString()
  @MinLength(16, { message: 'BACKFILL_API_TOKEN must be at least 16 characters' })
  BACKFILL_API_TOKEN!: string;

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
}

export class BackfillConfig extends IntersectionType(
  RuntimeConfig,
  KafkaConfig,
  PostgresConfig,
  BackfillWorkerConfig,
  RoutesConfig,
  ReplicationSlotConfig,
  BackfillApiSettings,
) {
  override HTTP_PORT = 3005;
}
