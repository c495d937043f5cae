import { bucket30m, engagementColumns } from './engagement-table.schema';
import { tableLayout } from './table-layout';

describe('engagement table schema', () => {
  it('has one column per contract field, then loaded_at, with exact types', () => {
    expect(
      engagementColumns('hour').map(({ name, type, mode }) => `${name} ${type} ${mode}`),
    ).toEqual([
      'event_id INT64 REQUIRED',
      'schema_version INT64 REQUIRED',
      'content_id STRING NULLABLE',
      'user_id STRING NULLABLE',
      'event_type STRING REQUIRED',
      'event_ts TIMESTAMP REQUIRED',
      'duration_ms INT64 NULLABLE',
      'device STRING NULLABLE',
      'raw_payload JSON NULLABLE',
      'content_slug STRING NULLABLE',
      'content_title STRING NULLABLE',
      'content_type STRING NULLABLE',
      'length_seconds INT64 NULLABLE',
      'publish_ts TIMESTAMP NULLABLE',
      'engagement_seconds NUMERIC NULLABLE',
      'engagement_pct NUMERIC NULLABLE',
      'source_ts_ms INT64 NULLABLE',
      'source_lsn INT64 NULLABLE',
      'enriched_at TIMESTAMP REQUIRED',
      'origin STRING REQUIRED',
      'loaded_at TIMESTAMP REQUIRED',
    ]);
  });

  it('adds the stored bucket column in 30m mode', () => {
    expect(
      engagementColumns('30m')
        .slice(-2)
        .map(({ name, type, mode }) => `${name} ${type} ${mode}`),
    ).toEqual(['loaded_at TIMESTAMP REQUIRED', 'event_ts_bucket_30m INT64 REQUIRED']);
  });

  it('buckets like UNIX_SECONDS(event_ts) DIV 1800', () => {
    expect(bucket30m(Date.parse('2026-11-22T10:29:59.999999Z'))).toBe(997412);
    expect(bucket30m(Date.parse('2026-11-22T10:30:00.000000Z'))).toBe(997413);
    expect(bucket30m(Date.parse('1969-12-31T23:59:59.000000Z'))).toBe(-1);
  });
});

describe('tableLayout', () => {
  it('partitions by HOUR (or DAY) on event_ts and clusters by content_type, event_type', () => {
    expect(tableLayout('hour', '2026-01-01')).toEqual({
      timePartitioning: { type: 'HOUR', field: 'event_ts' },
      clustering: { fields: ['content_type', 'event_type'] },
    });
    expect(tableLayout('day', '2026-01-01').timePartitioning).toEqual({
      type: 'DAY',
      field: 'event_ts',
    });
  });

  it('partitions 30m mode by integer ranges of one bucket, 10,000 of them from the range start', () => {
    expect(tableLayout('30m', '2026-01-01')).toEqual({
      rangePartitioning: {
        field: 'event_ts_bucket_30m',
        range: { start: '981792', end: '991792', interval: '1' },
      },
      clustering: { fields: ['content_type', 'event_type'] },
    });
    expect(tableLayout('30m', '2026-11-01T12:30Z').rangePartitioning?.range).toEqual({
      start: '996409',
      end: '1006409',
      interval: '1',
    });
  });

  it('starts the 30m range at midnight UTC 30 days before creation by default', () => {
    expect(
      tableLayout('30m', undefined, new Date('2026-12-01T17:45:00Z')).rangePartitioning?.range
        .start,
    ).toBe('996384');
  });
});
