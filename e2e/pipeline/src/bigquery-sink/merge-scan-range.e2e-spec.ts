import { randomUUID } from 'node:crypto';

import { Topics } from '@cdc/contracts';
import {
  anEnrichedEvent,
  type AppProcess,
  BigQueryFaultProxy,
  enrichedRecord,
  KafkaFixture,
  metricValue,
  stackEnvironment,
  waitUntil,
} from '@cdc/testing';

import { BigQueryFixture, BigquerySinkHarness } from '../harness';

const DATASET = 'e2e_bq_merge_scan_range';

describe('bigquery-sink: a wild event_ts does not widen what one MERGE scans', () => {
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const proxy = new BigQueryFaultProxy(stackEnvironment.BIGQUERY_API_ENDPOINT);
  // Exactly one batch of the five rows: it is cut when the fifth arrives, not by time.
  const harness = new BigquerySinkHarness({
    name: 'bq-merge-scan-range',
    dataset: DATASET,
    env: { BIGQUERY_BATCH_MAX_ROWS: '5', BIGQUERY_BATCH_MAX_WAIT_MS: '30000' },
  });
  let sink: AppProcess;
  let ids: string[] = [];
  const ours = () => proxy.merges.filter((merge) => merge.eventIds.some((id) => ids.includes(id)));

  beforeAll(async () => {
    await bigquery.dropDataset(DATASET);
    const endpoint = await proxy.start();
    await harness.placeAtEnd();
    sink = await harness.start({ BIGQUERY_API_ENDPOINT: endpoint });
  });

  afterAll(async () => {
    await harness.close();
    await proxy.stop();
    await kafka.close();
  });

  it('writes a batch with a 1970 row, a 2100 row and a day of normal rows as three MERGEs of exact ranges, each row once', async () => {
    // One content id keys the records onto one partition, in this order. The normal rows lie
    // in a past June, so that rows of other tests (event_ts near now) never share their MERGE.
    const contentId = randomUUID();
    const at = (eventTs: string) => anEnrichedEvent({ content_id: contentId, event_ts: eventTs });
    const early = at('2026-06-15T00:00:00.000001Z');
    const epoch = at('1970-01-01T00:00:00.000000Z');
    const middle = at('2026-06-15T12:30:00.250000Z');
    const future = at('2100-01-01T23:59:59.999999Z');
    // 24 hours after `early`, to the microsecond: the widest span one MERGE may have.
    const late = at('2026-06-16T00:00:00.000001Z');
    const events = [early, epoch, middle, future, late];
    ids = events.map((event) => event.event_id);

    await kafka.produce(
      Topics.enriched,
      events.map((event) => enrichedRecord(event)),
    );
    await bigquery.waitForRows(DATASET, ids);
    const rows = await bigquery.query<{ event_id: number; n: number }>(
      `SELECT event_id, COUNT(*) AS n FROM ${bigquery.table(DATASET)}
       WHERE event_id IN (${ids.join(', ')}) GROUP BY event_id ORDER BY event_id`,
    );

    expect(rows).toEqual(
      ids.map((id) => ({ event_id: Number(id), n: 1 })).sort((a, b) => a.event_id - b.event_id),
    );
    expect(
      ours().map(({ eventIds, scalars }) => ({
        eventIds,
        min: scalars['min_event_ts'],
        max: scalars['max_event_ts'],
      })),
    ).toEqual([
      { eventIds: [epoch.event_id], min: epoch.event_ts, max: epoch.event_ts },
      {
        eventIds: [early.event_id, middle.event_id, late.event_id],
        min: early.event_ts,
        max: late.event_ts,
      },
      { eventIds: [future.event_id], min: future.event_ts, max: future.event_ts },
    ]);
    expect(
      ours().every(({ query }) =>
        query.includes('T.event_ts BETWEEN TIMESTAMP(@min_event_ts) AND TIMESTAMP(@max_event_ts)'),
      ),
    ).toBe(true);
  });

  it('finds every row again within its own MERGE range when the batch is read a second time', async () => {
    await harness.stop();
    const records = await harness.rewind();
    const before = ours().length;
    sink = await harness.restart();

    const metrics = await waitUntil(async () => {
      const text = await sink.metrics();
      return metricValue(text, 'cdc_sink_events_total', {
        sink: 'bigquery',
        outcome: 'duplicate',
      }) >= 5
        ? text
        : undefined;
    }, 'the five rows read again and found');

    expect(records).toBe(5);
    // The same three ranges again: each MERGE finds its rows in its own event_ts bounds.
    expect(
      ours()
        .slice(before)
        .map(({ eventIds }) => eventIds),
    ).toEqual(
      ours()
        .slice(0, before)
        .map(({ eventIds }) => eventIds),
    );
    expect(
      metricValue(metrics, 'cdc_sink_events_total', { sink: 'bigquery', outcome: 'written' }),
    ).toBe(0);
    expect(await bigquery.duplicatedEventIds(DATASET)).toEqual([]);
    expect(await bigquery.countOf(DATASET, ids)).toBe(5);
  });
});
