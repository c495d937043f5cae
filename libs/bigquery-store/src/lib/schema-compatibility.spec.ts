import { engagementColumns } from './engagement-table.schema';
import {
  type ExistingField,
  IncompatibleTableError,
  schemaIncompatibilities,
} from './schema-compatibility';

const expected = engagementColumns('hour');
/** The table as tables.get reports one the sink created: legacy type names, explicit modes. */
const created: ExistingField[] = expected.map(({ name, type, mode }) => ({
  name,
  type: type === 'INT64' ? 'INTEGER' : type,
  mode,
}));

function replace(name: string, change: Partial<ExistingField>): ExistingField[] {
  return created.map((field) => (field.name === name ? { ...field, ...change } : field));
}

describe('schemaIncompatibilities', () => {
  it('accepts the table the sink creates, whatever the type spelling', () => {
    expect(schemaIncompatibilities(expected, created)).toEqual([]);
  });

  it('tolerates an added NULLABLE column and an added REPEATED one', () => {
    const widened = [
      ...created,
      { name: 'campaign', type: 'STRING', mode: 'NULLABLE' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
    ];
    expect(schemaIncompatibilities(expected, widened)).toEqual([]);
  });

  it('tolerates a NULLABLE column where the sink always writes a value', () => {
    expect(schemaIncompatibilities(expected, replace('event_type', { mode: 'NULLABLE' }))).toEqual(
      [],
    );
  });

  it('names a column whose type differs', () => {
    expect(schemaIncompatibilities(expected, replace('engagement_pct', { type: 'FLOAT' }))).toEqual(
      ['column "engagement_pct" is FLOAT64 but the sink writes NUMERIC'],
    );
  });

  it('names a missing column', () => {
    expect(
      schemaIncompatibilities(
        expected,
        created.filter((field) => field.name !== 'raw_payload'),
      ),
    ).toEqual(['column "raw_payload" is missing (the sink writes JSON NULLABLE)']);
  });

  it('names a REQUIRED column the sink may leave NULL, and one it does not write', () => {
    const stricter = [
      ...replace('device', { mode: 'REQUIRED' }),
      { name: 'region', type: 'STRING', mode: 'REQUIRED' },
    ];
    expect(schemaIncompatibilities(expected, stricter)).toEqual([
      'column "device" is REQUIRED but the sink may write NULL',
      'column "region" is REQUIRED but the sink does not write it',
    ]);
  });

  it('names a REPEATED column the sink writes as a single value', () => {
    expect(schemaIncompatibilities(expected, replace('device', { mode: 'REPEATED' }))).toEqual([
      'column "device" is REPEATED but the sink writes a single STRING',
    ]);
  });

  it('needs the bucket column in 30m mode only', () => {
    expect(schemaIncompatibilities(engagementColumns('30m'), created)).toEqual([
      'column "event_ts_bucket_30m" is missing (the sink writes INT64 REQUIRED)',
    ]);
  });

  it('builds a start-up message that names the table, the column and the way out', () => {
    const error = new IncompatibleTableError('p.d.t', [
      'column "engagement_pct" is FLOAT64 but the sink writes NUMERIC',
    ]);
    expect(error.message).toBe(
      'BigQuery table p.d.t has an incompatible schema: column "engagement_pct" is FLOAT64 but the sink writes NUMERIC. ' +
        'Migrate the table (or drop it to let the sink recreate it), or set BIGQUERY_TABLE to another table.',
    );
  });
});
