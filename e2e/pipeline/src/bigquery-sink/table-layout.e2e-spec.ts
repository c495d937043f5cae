import { engagementColumns, tableLayout } from '@cdc/bigquery-store';
import { Topics } from '@cdc/contracts';
import { anEnrichedEvent, enrichedRecord, KafkaFixture } from '@cdc/testing';

import { BigQueryFixture, BigquerySinkHarness } from '../harness';

const DEFAULT_DATASET = 'e2e_bq_layout_default';
const LEGACY_HOUR_DATASET = 'e2e_bq_layout_legacy_hour';
const HALF_HOUR_DATASET = 'e2e_bq_layout_30m';
const clustering = { fields: ['content_type', 'event_type'] };

describe('bigquery-sink: table partitioning and clustering', () => {
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const byDefault = new BigquerySinkHarness({
    name: 'bq-layout-default',
    dataset: DEFAULT_DATASET,
  });
  const legacyHour = new BigquerySinkHarness({
    name: 'bq-layout-legacy-hour',
    dataset: LEGACY_HOUR_DATASET,
  });
  const halfHour = new BigquerySinkHarness({
    name: 'bq-layout-30m',
    dataset: HALF_HOUR_DATASET,
    env: { BIGQUERY_PARTITIONING: '30m', BIGQUERY_30M_RANGE_START: '2026-11-01' },
  });

  beforeAll(async () => {
    await bigquery.dropDataset(DEFAULT_DATASET);
    await bigquery.dropDataset(LEGACY_HOUR_DATASET);
    await bigquery.dropDataset(HALF_HOUR_DATASET);
  });

  afterEach(async () => {
    await byDefault.stop();
    await legacyHour.stop();
    await halfHour.stop();
  });

  afterAll(async () => {
    await byDefault.close();
    await legacyHour.close();
    await halfHour.close();
    await kafka.close();
  });

  it('creates a DAY-partitioned table on event_ts by default (10,000 partitions: 27 years), clustered by content_type and event_type', async () => {
    await byDefault.placeAtEnd();
    const sink = await byDefault.start();

    const metadata = await bigquery.tableMetadata(DEFAULT_DATASET);

    expect(metadata['timePartitioning']).toEqual({ type: 'DAY', field: 'event_ts' });
    expect(metadata['rangePartitioning']).toBeUndefined();
    expect(metadata['clustering']).toEqual(clustering);
    const fields = (
      metadata['schema'] as { fields: { name: string; type: string; mode: string }[] }
    ).fields;
    expect(fields.map(({ name, type, mode }) => ({ name, type, mode }))).toEqual(
      engagementColumns('day').map(({ name, type, mode }) => ({ name, type, mode })),
    );
    // Warnings and errors only in e2e logs: a DAY table has nothing to warn about.
    expect(sink.logs).not.toContain('10,000 partitions');
  });

  it('keeps writing into an existing HOUR table (an older default), warning at start of the 10,000-partition limit', async () => {
    await bigquery.createDataset(LEGACY_HOUR_DATASET);
    await bigquery.createTable(LEGACY_HOUR_DATASET, 'engagement_events', {
      schema: {
        fields: engagementColumns('hour').map(({ name, type, mode }) => ({ name, type, mode })),
      },
      ...tableLayout('hour', undefined),
    });
    await legacyHour.placeAtEnd();
    const sink = await legacyHour.start();
    const event = anEnrichedEvent();

    await kafka.produce(Topics.enriched, [enrichedRecord(event)]);
    await bigquery.waitForRows(LEGACY_HOUR_DATASET, [event.event_id]);
    const metadata = await bigquery.tableMetadata(LEGACY_HOUR_DATASET);

    expect(metadata['timePartitioning']).toEqual({ type: 'HOUR', field: 'event_ts' });
    expect(await bigquery.countOf(LEGACY_HOUR_DATASET, [event.event_id])).toBe(1);
    const table = `engagement-local.${LEGACY_HOUR_DATASET}.engagement_events`;
    expect(sink.logs).toContain(
      `Table ${table}: partitioned as HOUR on event_ts, not DAY partitions on event_ts, clustered by content_type, event_type; partitioning cannot change in place, so the sink keeps writing as is`,
    );
    expect(sink.logs).toContain(
      `Table ${table}: HOUR partitions without a partition expiration reach BigQuery's limit of 10,000 partitions per table after 416 days of event_ts, and rows that would need another partition are then refused; set one (ALTER TABLE … SET OPTIONS (partition_expiration_days = 400)), or copy the table into a DAY-partitioned one (see Partitioning in docs/bigquery-sink.md)`,
    );
  });

  it('creates 30-minute integer-range partitions on a stored event_ts_bucket_30m column, and fills it', async () => {
    await halfHour.placeAtEnd();
    await halfHour.start();
    const lastOfBucket = anEnrichedEvent({ event_ts: '2026-11-22T10:29:59.999999Z' });
    const firstOfNext = anEnrichedEvent({ event_ts: '2026-11-22T10:30:00.000000Z' });
    await kafka.produce(Topics.enriched, [
      enrichedRecord(lastOfBucket),
      enrichedRecord(firstOfNext),
      enrichedRecord(lastOfBucket),
    ]);

    const metadata = await bigquery.tableMetadata(HALF_HOUR_DATASET);
    await bigquery.waitForRows(HALF_HOUR_DATASET, [lastOfBucket.event_id, firstOfNext.event_id]);
    const rows = await bigquery.query<{ event_id: number; event_ts_bucket_30m: number }>(
      `SELECT event_id, event_ts_bucket_30m FROM ${bigquery.table(HALF_HOUR_DATASET)}
       WHERE event_id IN (${lastOfBucket.event_id}, ${firstOfNext.event_id}) ORDER BY event_ts`,
    );

    // 2026-11-01T00:00Z is bucket 996384; 10,000 buckets of 30 minutes follow it.
    expect(metadata['rangePartitioning']).toEqual({
      field: 'event_ts_bucket_30m',
      range: { start: '996384', end: '1006384', interval: '1' },
    });
    expect(metadata['timePartitioning']).toBeUndefined();
    expect(metadata['clustering']).toEqual(clustering);
    const fields = (
      metadata['schema'] as { fields: { name: string; type: string; mode: string }[] }
    ).fields;
    expect(fields.at(-1)).toEqual({
      name: 'event_ts_bucket_30m',
      type: 'INT64',
      mode: 'REQUIRED',
      description: expect.any(String),
    });
    expect(rows).toEqual([
      { event_id: Number(lastOfBucket.event_id), event_ts_bucket_30m: 997412 },
      { event_id: Number(firstOfNext.event_id), event_ts_bucket_30m: 997413 },
    ]);
  });
});
