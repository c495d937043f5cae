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
