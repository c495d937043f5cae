import { partitionLimitWarning } from './engagement-table';

describe('partitionLimitWarning', () => {
  it('warns about HOUR partitions without an expiration, naming the limit and the ways out', () => {
    expect(partitionLimitWarning({ timePartitioning: { type: 'HOUR', field: 'event_ts' } })).toBe(
      "HOUR partitions without a partition expiration reach BigQuery's limit of 10,000 partitions " +
        'per table after 416 days of event_ts, and rows that would need another partition are then ' +
        'refused; set one (ALTER TABLE … SET OPTIONS (partition_expiration_days = 400)), or copy the ' +
        'table into a DAY-partitioned one (see Partitioning in docs/bigquery-sink.md)',
    );
  });

  it.each([
    ['DAY partitions', { timePartitioning: { type: 'DAY', field: 'event_ts' } }],
    [
      'HOUR partitions that expire',
      { timePartitioning: { type: 'HOUR', field: 'event_ts', expirationMs: '34560000000' } },
    ],
    ['integer ranges', { rangePartitioning: { field: 'event_ts_bucket_30m' } }],
  ])('says nothing of %s', (_what, metadata) => {
    expect(partitionLimitWarning(metadata)).toBeNull();
  });
});
