import type { ColumnSpec } from './engagement-table.schema';

/** A column as tables.get reports it. */
export interface ExistingField {
  name: string;
  type: string;
  mode?: string;
}

/** The REST API answers with legacy type names; both spellings mean the same type. */
const TYPE_ALIASES: Record<string, string> = {
  INTEGER: 'INT64',
  FLOAT: 'FLOAT64',
  BOOLEAN: 'BOOL',
  RECORD: 'STRUCT',
  DECIMAL: 'NUMERIC',
  BIGDECIMAL: 'BIGNUMERIC',
};

function normaliseType(type: string): string {
  const upper = type.toUpperCase();
  return TYPE_ALIASES[upper] ?? upper;
}

function normaliseMode(mode: string | undefined): string {
  return (mode ?? 'NULLABLE').toUpperCase();
}

/**
 * Why an existing table cannot take the sink's rows; empty when it can. Tolerated: a column
 * the sink does not write if it is NULLABLE or REPEATED (BigQuery fills NULL or []), and a
 * NULLABLE column where the sink always writes a value. Names match case-insensitively, as
 * BigQuery column names do.
 */
export function schemaIncompatibilities(
  expected: readonly ColumnSpec[],
  existing: readonly ExistingField[],
): string[] {
  const problems: string[] = [];
  const byName = new Map(existing.map((field) => [field.name.toLowerCase(), field]));
  for (const column of expected) {
    const field = byName.get(column.name.toLowerCase());
    if (!field) {
      problems.push(
        `column "${column.name}" is missing (the sink writes ${column.type} ${column.mode})`,
      );
      continue;
    }
    const type = normaliseType(field.type);
    if (type !== column.type) {
      problems.push(`column "${column.name}" is ${type} but the sink writes ${column.type}`);
    }
    const mode = normaliseMode(field.mode);
    if (mode === 'REPEATED') {
      problems.push(
        `column "${column.name}" is REPEATED but the sink writes a single ${column.type}`,
      );
    } else if (mode === 'REQUIRED' && column.mode === 'NULLABLE') {
      problems.push(`column "${column.name}" is REQUIRED but the sink may write NULL`);
    }
  }
  const written = new Set(expected.map((column) => column.name.toLowerCase()));
  for (const field of existing) {
    if (!written.has(field.name.toLowerCase()) && normaliseMode(field.mode) === 'REQUIRED') {
      problems.push(`column "${field.name}" is REQUIRED but the sink does not write it`);
    }
  }
  return problems;
}

export class IncompatibleTableError extends Error {
  constructor(
    readonly table: string,
    readonly problems: readonly string[],
  ) {
    super(
      `BigQuery table ${table} has an incompatible schema: ${problems.join('; ')}. ` +
        'Migrate the table (or drop it to let the sink recreate it), or set BIGQUERY_TABLE to another table.',
    );
    this.name = 'IncompatibleTableError';
  }
}
