import { EnvInt } from '@cdc/platform';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';

export const PARTITIONINGS = ['hour', 'day', '30m'] as const;
export type Partitioning = (typeof PARTITIONINGS)[number];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/;

/**
 * Where the engagement table lives and how to reach it. Real BigQuery and the local emulator
 * differ only here: the emulator is selected by BIGQUERY_API_ENDPOINT.
 */
export class BigQueryConfig {
  /** Project that owns the dataset and runs (and is billed for) the MERGE jobs. */
  @IsString()
  BIGQUERY_PROJECT_ID!: string;

  /** Location of the dataset and of the query jobs, e.g. US, EU, europe-west1. */
  @IsString()
  BIGQUERY_LOCATION = 'US';

  /**
   * Base URL of a BigQuery emulator (e.g. http://127.0.0.1:59050). When set, requests carry a
   * dummy bearer token; unset means real BigQuery with Google credentials.
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'BIGQUERY_API_ENDPOINT must be an http(s) URL' },
  )
  BIGQUERY_API_ENDPOINT?: string;

  /** Service-account key file; unset means Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server). */
  @IsOptional()
  @IsString()
  BIGQUERY_KEY_FILE?: string;

  @Matches(IDENTIFIER, { message: 'BIGQUERY_DATASET must be letters, digits and underscores' })
  BIGQUERY_DATASET = 'engagement';

  @Matches(IDENTIFIER, { message: 'BIGQUERY_TABLE must be letters, digits and underscores' })
  BIGQUERY_TABLE = 'engagement_events';

  /**
   * hour or day: time partitioning on event_ts. 30m: integer-range partitioning on
   * event_ts_bucket_30m. Read when the table is created. A table holds at most 10,000
   * partitions: DAY covers 27 years of event_ts, HOUR only 416 days (an initial snapshot of
   * more than 14 months of history fills it at once), so day is the default.
   */
  @IsIn(PARTITIONINGS)
  BIGQUERY_PARTITIONING: Partitioning = 'day';

  /**
   * 30m only, read when the table is created: the first 30-minute bucket with its own partition,
   * as an ISO date or date-time (UTC). BigQuery allows 10,000 partitions, so buckets cover
   * 10,000 × 30 min (208 days 8 h) from here; rows outside go to the __UNPARTITIONED__ partition.
   * Unset: midnight UTC 30 days before the table is created.
   */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z)?$/, {
    message: 'BIGQUERY_30M_RANGE_START must be an ISO date such as 2026-01-01',
  })
  BIGQUERY_30M_RANGE_START?: string;

  /**
   * Widest event_ts span of one MERGE, in hours. A MERGE scans every partition between its
   * rows' earliest and latest event_ts, so a batch is written as one MERGE per cluster of rows
   * within this span: a 1970 row, a 2100 row and live rows make three narrow MERGEs, not one
   * scan of 130 years. Smaller: less scanned per MERGE, more MERGE jobs for a batch spread in time.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(8_784)
  BIGQUERY_MERGE_MAX_SPAN_HOURS = 24;

  /** Timeout of each BigQuery request and the longest a MERGE job is awaited. */
  @EnvInt()
  @IsInt()
  @Min(1_000)
  BIGQUERY_TIMEOUT_MS = 60_000;
}
