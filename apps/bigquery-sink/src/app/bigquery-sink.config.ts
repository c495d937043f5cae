import { BigQueryConfig } from '@cdc/bigquery-store';
import { ConsumerConfig, KafkaConfig } from '@cdc/kafka';
import { EnvInt, RuntimeConfig } from '@cdc/platform';
import { SinkSourceConfig } from '@cdc/sink-runtime';
import { IntersectionType } from '@nestjs/mapped-types';
import { IsInt, Max, Min } from 'class-validator';

/**
 * BigQuery takes a query request of at most 10 MB, parameters included. Rows are measured as
 * compact JSON; the request wraps every value in a parameter object, so leave half the room.
 */
const REQUEST_BYTES_CEILING = 9_000_000;

export class BigquerySinkSettings {
  /**
   * A batch is written when it holds this many rows... Each MERGE costs the warehouse a scan
   * of its event_ts range whatever its size: 5,000 rather than 2,000 took a 100k burst from
   * 1,437 to 2,445 rows/s on the emulator (npm run bench), and the byte cap still applies.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(50_000)
  BIGQUERY_BATCH_MAX_ROWS = 5_000;

  /** ...or this many bytes of row parameters... */
  @EnvInt()
  @IsInt()
  @Min(1_024)
  @Max(REQUEST_BYTES_CEILING)
  BIGQUERY_BATCH_MAX_BYTES = 5_000_000;

  /** ...or when its oldest row has waited this long. With a MERGE taking seconds, 5 s lands a row well within 30 s of its commit. */
  @EnvInt()
  @IsInt()
  @Min(0)
  BIGQUERY_BATCH_MAX_WAIT_MS = 5_000;

  /**
   * A row larger than this is dead-lettered instead of written. BigQuery rejects a query request
   * over 10 MB, so no single row may exceed what one request carries; capped by BIGQUERY_BATCH_MAX_BYTES.
   */
  @EnvInt()
  @IsInt()
  @Min(1_024)
  @Max(REQUEST_BYTES_CEILING)
  BIGQUERY_MAX_ROW_BYTES = 5_000_000;
}

export class BigquerySinkConfig extends IntersectionType(
  RuntimeConfig,
  KafkaConfig,
  ConsumerConfig,
  SinkSourceConfig,
  BigQueryConfig,
  BigquerySinkSettings,
) {
  override HTTP_PORT = 3003;
  override CONSUMER_GROUP_ID = 'bigquery-sink';
  /**
   * Backoff of a MERGE that failed transiently (and of a dead letter): a MERGE takes seconds and
   * BigQuery limits DML per table, so start later and cap higher than the runtime's defaults.
   */
  override RETRY_INITIAL_MS = 500;
  override RETRY_MAX_MS = 30_000;
}
