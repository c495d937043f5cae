import type { Partitioning } from './bigquery.config';
import {
  BUCKET_30M_COLUMN,
  bucket30m,
  CLUSTERING_FIELDS,
  MAX_PARTITIONS,
} from './engagement-table.schema';

export interface TimePartitioningSpec {
  type: 'HOUR' | 'DAY';
  field: string;
}

export interface RangePartitioningSpec {
  field: string;
  range: { start: string; end: string; interval: string };
}

export interface TableLayout {
  timePartitioning?: TimePartitioningSpec;
  rangePartitioning?: RangePartitioningSpec;
  clustering: { fields: string[] };
}

/**
 * Partitioning and clustering of the engagement table. BigQuery has no 30-minute time unit,
 * so 30m partitions on a stored INT64 bucket column with integer ranges of width 1.
 */
export function tableLayout(
  partitioning: Partitioning,
  rangeStartIso: string | undefined,
  now = new Date(),
): TableLayout {
  const clustering = { fields: [...CLUSTERING_FIELDS] };
  switch (partitioning) {
    case 'hour':
      return { timePartitioning: { type: 'HOUR', field: 'event_ts' }, clustering };
    case 'day':
      return { timePartitioning: { type: 'DAY', field: 'event_ts' }, clustering };
    case '30m': {
      const start = bucket30m(
        rangeStartIso ? Date.parse(normaliseIsoDate(rangeStartIso)) : defaultRangeStart(now),
      );
      return {
        rangePartitioning: {
          field: BUCKET_30M_COLUMN.name,
          range: { start: String(start), end: String(start + MAX_PARTITIONS), interval: '1' },
        },
        clustering,
      };
    }
  }
}

/** Midnight UTC 30 days back: recent history and the next ~178 days get 30-minute partitions. */
function defaultRangeStart(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return midnight - 30 * 24 * 3_600_000;
}

/** Accepts 2026-01-01 as midnight UTC. */
function normaliseIsoDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}
