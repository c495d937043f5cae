import { ConsumerConfig, KafkaConfig } from '@cdc/kafka';
import { EnvInt, RuntimeConfig } from '@cdc/platform';
import { RoutesConfig } from '@cdc/route-publisher';
import { PostgresConfig } from '@cdc/source-db';
import { IntersectionType } from '@nestjs/mapped-types';
import { IsInt, Matches, Min } from 'class-validator';

export class EnrichmentSettings {
  /** Debezium's topic.prefix: topics are <prefix>.public.content and <prefix>.public.engagement_events. */
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'CDC_TOPIC_PREFIX may only contain letters, digits, ".", "_" and "-"',
  })
  CDC_TOPIC_PREFIX = 'cdc';

  /** How long an event whose content is unknown waits for the content's change record. */
  @EnvInt()
  @IsInt()
  @Min(0)
  LATE_CONTENT_WAIT_MS = 10_000;

  /** How long an events batch waits for the content stream to catch up before going ahead. */
  @EnvInt()
  @IsInt()
  @Min(0)
  CONTENT_SYNC_WAIT_MS = 2_000;

  /**
   * Attempts of the Postgres lookup of a late event's content (backoff RETRY_INITIAL_MS ..
   * RETRY_MAX_MS); after the last one the event is dead-lettered and its offset commits.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  CONTENT_LOOKUP_ATTEMPTS = 5;

  /**
   * How long the content consumer may take to recover after it crashed (a new table snapshot
   * and a new consumer, retried with backoff); past that the process exits with code 1.
   */
  @EnvInt()
  @IsInt()
  @Min(1_000)
  CONTENT_RECOVERY_TIMEOUT_MS = 120_000;
}

export class EnrichmentConfig extends IntersectionType(
  RuntimeConfig,
  KafkaConfig,
  ConsumerConfig,
  PostgresConfig,
  RoutesConfig,
  EnrichmentSettings,
) {
  override HTTP_PORT = 3001;
  override CONSUMER_GROUP_ID = 'enrichment';
}
