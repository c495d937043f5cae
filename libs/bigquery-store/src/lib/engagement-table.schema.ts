import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import type { Partitioning } from './bigquery.config';

export type ColumnType = 'INT64' | 'STRING' | 'TIMESTAMP' | 'NUMERIC' | 'JSON';
export type ColumnMode = 'REQUIRED' | 'NULLABLE';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  mode: ColumnMode;
  description: string;
}

type ContractColumn = Omit<ColumnSpec, 'name'>;

/**
 * One column per field of the enriched contract, same name. `satisfies` makes a new contract
 * field a compile error here until it has a column. NUMERIC, not FLOAT64, so that 7.0 and 2.33
 * are stored and summed exactly.
 */
export const CONTRACT_COLUMNS = {
  event_id: {
    type: 'INT64',
    mode: 'REQUIRED',
    description: 'engagement_events.id; one row per event_id',
  },
  schema_version: {
    type: 'INT64',
    mode: 'REQUIRED',
    description: 'Version of the enriched contract the row came from',
  },
  content_id: { type: 'STRING', mode: 'NULLABLE', description: 'content.id (UUID)' },
  user_id: { type: 'STRING', mode: 'NULLABLE', description: 'User UUID' },
  event_type: { type: 'STRING', mode: 'REQUIRED', description: 'play, pause, finish or click' },
  event_ts: {
    type: 'TIMESTAMP',
    mode: 'REQUIRED',
    description: 'When the event happened (partitioning column)',
  },
  duration_ms: { type: 'INT64', mode: 'NULLABLE', description: 'Engaged time in milliseconds' },
  device: { type: 'STRING', mode: 'NULLABLE', description: 'Device reported by the client' },
  raw_payload: { type: 'JSON', mode: 'NULLABLE', description: 'The event payload as received' },
  content_slug: {
    type: 'STRING',
    mode: 'NULLABLE',
    description: 'content.slug at enrichment time',
  },
  content_title: {
    type: 'STRING',
    mode: 'NULLABLE',
    description: 'content.title at enrichment time',
  },
  content_type: {
    type: 'STRING',
    mode: 'NULLABLE',
    description: 'podcast, newsletter or video (clustering column)',
  },
  length_seconds: {
    type: 'INT64',
    mode: 'NULLABLE',
    description: 'content.length_seconds at enrichment time',
  },
  publish_ts: { type: 'TIMESTAMP', mode: 'NULLABLE', description: 'content.publish_ts' },
  engagement_seconds: {
    type: 'NUMERIC',
    mode: 'NULLABLE',
    description: 'duration_ms / 1000, exact',
  },
  engagement_pct: {
    type: 'NUMERIC',
    mode: 'NULLABLE',
    description: 'engagement_seconds / length_seconds * 100, 2 decimals',
  },
  source_ts_ms: {
    type: 'INT64',
    mode: 'NULLABLE',
    description: 'Postgres commit time (epoch ms); NULL for backfilled rows',
  },
  source_lsn: {
    type: 'INT64',
    mode: 'NULLABLE',
    description: 'Postgres WAL position; NULL for backfilled rows',
  },
  enriched_at: {
    type: 'TIMESTAMP',
    mode: 'REQUIRED',
    description: 'When the enrichment produced the event',
  },
  origin: { type: 'STRING', mode: 'REQUIRED', description: 'cdc or backfill' },
  // `snapshot` (a snapshot read) has no column: it serves routing and filtering in flight, and
  // a column would be a table migration; a snapshot read is stored like any other row.
} as const satisfies Record<Exclude<keyof EnrichedEngagementEventV1, 'snapshot'>, ContractColumn>;

export type ContractField = keyof typeof CONTRACT_COLUMNS;

export const LOADED_AT_COLUMN: ColumnSpec = {
  name: 'loaded_at',
  type: 'TIMESTAMP',
  mode: 'REQUIRED',
  description: 'When the sink wrote the row (MERGE time)',
};

export const BUCKET_30M_COLUMN: ColumnSpec = {
  name: 'event_ts_bucket_30m',
  type: 'INT64',
  mode: 'REQUIRED',
  description: 'UNIX_SECONDS(event_ts) DIV 1800: the 30-minute partitioning column',
};

export const BUCKET_SECONDS = 1_800;
/** BigQuery's limit of partitions per table; the 30m range covers this many buckets. */
export const MAX_PARTITIONS = 10_000;
export const CLUSTERING_FIELDS = ['content_type', 'event_type'] as const;

export function contractColumns(): ColumnSpec[] {
  return Object.entries(CONTRACT_COLUMNS).map(([name, column]) => ({ name, ...column }));
}

/** Every column the sink writes, in table order; the 30m bucket column only in 30m mode. */
export function engagementColumns(partitioning: Partitioning): ColumnSpec[] {
  return [
    ...contractColumns(),
    LOADED_AT_COLUMN,
    ...(partitioning === '30m' ? [BUCKET_30M_COLUMN] : []),
  ];
}

/** The 30-minute bucket of an ISO timestamp, as BigQuery computes it: floor division of epoch seconds. */
export function bucket30m(epochMs: number): number {
  return Math.floor(Math.floor(epochMs / 1000) / BUCKET_SECONDS);
}
