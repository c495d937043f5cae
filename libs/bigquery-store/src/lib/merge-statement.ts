import type { Partitioning } from './bigquery.config';
import type { EngagementRowParams } from './engagement-row';
import {
  BUCKET_30M_COLUMN,
  BUCKET_SECONDS,
  bucket30m,
  type ColumnType,
  CONTRACT_COLUMNS,
  type ContractField,
  LOADED_AT_COLUMN,
} from './engagement-table.schema';
import { epochMicros } from './event-ts-span';

export interface TableRef {
  projectId: string;
  datasetId: string;
  tableId: string;
}

export interface MergeStatement {
  query: string;
  params: Record<string, unknown>;
  types: Record<string, unknown>;
}

const FIELDS = Object.keys(CONTRACT_COLUMNS) as ContractField[];

function castFromString(field: ContractField, type: ColumnType): string {
  const source = `r.${field}`;
  switch (type) {
    case 'INT64':
      return `CAST(${source} AS INT64)`;
    case 'NUMERIC':
      return `CAST(${source} AS NUMERIC)`;
    case 'TIMESTAMP':
      return `TIMESTAMP(${source})`;
    case 'JSON':
      // 'round' keeps a payload with an over-precise float instead of rejecting the row.
      return `PARSE_JSON(${source}, wide_number_mode => 'round')`;
    case 'STRING':
      return source;
  }
}

export function quotedTable(table: TableRef): string {
  return `\`${table.projectId}.${table.datasetId}.${table.tableId}\``;
}

/**
 * An idempotent insert of a batch: rows whose event_id is already in the table are skipped.
 * The rows travel as one ARRAY<STRUCT<STRING...>> parameter, so there is no staging table to
 * create or clean up. The ON clause also bounds the target to the batch's event_ts range (and
 * bucket range in 30m mode), so BigQuery scans only the partitions the batch can touch: a
 * duplicate always has the same event_ts as its original, because event_ts is part of the
 * immutable source row. Callers must pass rows with distinct event_ids: MERGE inserts every
 * unmatched source row, duplicates included. The scan is as wide as the rows' event_ts span,
 * so BatchWriter hands it rows of a bounded span (clusterByTime, BIGQUERY_MERGE_MAX_SPAN_HOURS).
 */
export function buildMerge(
  table: TableRef,
  partitioning: Partitioning,
  rows: readonly EngagementRowParams[],
): MergeStatement {
  if (rows.length === 0) {
    throw new Error('buildMerge needs at least one row');
  }
  // In time, not in text order: `…+02:00` and `…Z` spellings of one batch compare right.
  const timestamps = rows.map((row) => row.event_ts as string);
  const minTs = timestamps.reduce((min, ts) => (epochMicros(ts) < epochMicros(min) ? ts : min));
  const maxTs = timestamps.reduce((max, ts) => (epochMicros(ts) > epochMicros(max) ? ts : max));
  const projection = FIELDS.map(
    (field) => `${castFromString(field, CONTRACT_COLUMNS[field].type)} AS ${field}`,
  ).join(',\n    ');
  const insertColumns = [...FIELDS, LOADED_AT_COLUMN.name];
  const insertValues = [...FIELDS.map((field) => `S.${field}`), 'CURRENT_TIMESTAMP()'];
  const conditions = [
    'T.event_id = S.event_id',
    'T.event_ts BETWEEN TIMESTAMP(@min_event_ts) AND TIMESTAMP(@max_event_ts)',
  ];
  const params: Record<string, unknown> = { rows, min_event_ts: minTs, max_event_ts: maxTs };
  const types: Record<string, unknown> = {
    rows: [Object.fromEntries(FIELDS.map((field) => [field, 'STRING']))],
    min_event_ts: 'STRING',
    max_event_ts: 'STRING',
  };
  if (partitioning === '30m') {
    insertColumns.push(BUCKET_30M_COLUMN.name);
    // Equal to UNIX_SECONDS(event_ts) DIV 1800 after 1970, from exact microseconds: the emulator
    // rounds UNIX_SECONDS to the nearest second where BigQuery truncates.
    insertValues.push(`DIV(UNIX_MICROS(S.event_ts), ${BUCKET_SECONDS * 1_000_000})`);
    // Integer-range partitions are pruned only by a filter on the bucket column itself.
    conditions.push(`T.${BUCKET_30M_COLUMN.name} BETWEEN @min_bucket AND @max_bucket`);
    params['min_bucket'] = bucket30m(Date.parse(minTs));
    params['max_bucket'] = bucket30m(Date.parse(maxTs));
    types['min_bucket'] = 'INT64';
    types['max_bucket'] = 'INT64';
  }
  const query = `MERGE ${quotedTable(table)} AS T
USING (
  SELECT
    ${projection}
  FROM UNNEST(@rows) AS r
) AS S
ON ${conditions.join('\n  AND ')}
WHEN NOT MATCHED THEN
  INSERT (${insertColumns.join(', ')})
  VALUES (${insertValues.join(', ')})`;
  return { query, params, types };
}
