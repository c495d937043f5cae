import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { CONTRACT_COLUMNS, type ContractField } from './engagement-table.schema';

/**
 * A row as MERGE query parameters: every value a string (or NULL) that the statement casts to
 * the column type. Strings keep event_id (BIGSERIAL), NUMERIC and microsecond timestamps exact,
 * where JSON numbers and the client's TIMESTAMP parameter encoding would not.
 */
export type EngagementRowParams = Record<ContractField, string | null>;

const FIELDS = Object.keys(CONTRACT_COLUMNS) as ContractField[];

export function toRowParams(event: EnrichedEngagementEventV1): EngagementRowParams {
  const row = {} as EngagementRowParams;
  for (const field of FIELDS) {
    const value = event[field];
    if (value === null || value === undefined) {
      row[field] = null;
    } else if (CONTRACT_COLUMNS[field].type === 'JSON') {
      row[field] = JSON.stringify(value);
    } else {
      row[field] = String(value);
    }
  }
  return row;
}

/** Bytes the row adds to a request: what the batch and row size limits are measured in. */
export function rowBytes(row: EngagementRowParams): number {
  return Buffer.byteLength(JSON.stringify(row), 'utf8');
}
