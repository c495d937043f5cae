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

const DATASET = 'e2e_bq_quota_errors';

/**
 * BigQuery's own answers to a sink that writes too fast, which the emulator never gives: the
 * bodies of cloud.google.com/bigquery/docs/troubleshoot-quotas (403, reason rateLimitExceeded or
 * quotaExceeded, as a failed jobs.insert) and the job error of a full DML queue (400
 * resourcesExceeded, reported by the failed job), sent by a proxy in front of the emulator.
 */
const RATE_LIMITED = {
  kind: 'request',
  status: 403,
  error: {
    reason: 'rateLimitExceeded',
    message: 'Exceeded rate limits: too many table update operations for this table.',
  },
} as const;
const OVER_QUOTA = {
  kind: 'request',
  status: 403,
  error: {
    reason: 'quotaExceeded',
    message:
      'Quota exceeded: Your table exceeded quota for Number of partition modifications to a column partitioned table.',
  },
} as const;
const DML_QUEUE_FULL = {
  kind: 'job',
  error: {
    reason: 'resourcesExceeded',
    message: `Resources exceeded during query execution: Too many DML statements outstanding against table engagement-local:${DATASET}.engagement_events, limit is 20.`,
  },
} as const;

describe('bigquery-sink: quota and rate-limit errors are retried, never dead-lettered', () => {
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const proxy = new BigQueryFaultProxy(stackEnvironment.BIGQUERY_API_ENDPOINT);
  const harness = new BigquerySinkHarness({
    name: 'bq-quota-errors',
    dataset: DATASET,
    env: { RETRY_INITIAL_MS: '100', RETRY_MAX_MS: '500' },
  });
  let sink: AppProcess;

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

  it('retries one row through a rate limit, a quota and a full DML queue, then writes it once', async () => {
    // One row, one batch: a rejection would leave it alone at once and dead-letter it.
    const event = anEnrichedEvent();
    proxy.failNextMerges(RATE_LIMITED, OVER_QUOTA, DML_QUEUE_FULL);

    await kafka.produce(Topics.enriched, [enrichedRecord(event)]);
    await bigquery.waitForRows(DATASET, [event.event_id]);
    const metrics = await waitUntil(async () => {
      const text = await sink.metrics();
      return metricValue(text, 'cdc_sink_events_total', { sink: 'bigquery', outcome: 'written' }) >=
        1
        ? text
        : undefined;
    }, 'the row counted as written');
    const rows = await bigquery.query<{ event_id: number; n: number }>(
      `SELECT event_id, COUNT(*) AS n FROM ${bigquery.table(DATASET)} GROUP BY event_id`,
    );
    const failures = (labels: Record<string, string>) =>
      metricValue(metrics, 'cdc_bigquery_sink_merge_failures_total', labels);

    expect(rows).toEqual([{ event_id: Number(event.event_id), n: 1 }]);
    // The same one-row MERGE four times: three answered with the faults, the fourth by BigQuery.
    expect(
      proxy.merges.map(({ eventIds, fault }) => ({ eventIds, fault: fault?.error.reason })),
    ).toEqual([
      { eventIds: [event.event_id], fault: 'rateLimitExceeded' },
      { eventIds: [event.event_id], fault: 'quotaExceeded' },
      { eventIds: [event.event_id], fault: 'resourcesExceeded' },
      { eventIds: [event.event_id], fault: undefined },
    ]);
    expect(proxy.pendingFaults).toBe(0);
    expect(failures({ kind: 'transient', cause: 'rate_limit' })).toBe(1);
    expect(failures({ kind: 'transient', cause: 'quota' })).toBe(1);
    expect(failures({ kind: 'transient', cause: 'dml_queue_full' })).toBe(1);
    expect(failures({ kind: 'rejected' })).toBe(0);
    expect(
      metricValue(metrics, 'cdc_sink_events_total', { sink: 'bigquery', outcome: 'written' }),
    ).toBe(1);
    expect(
      metricValue(metrics, 'cdc_sink_events_total', {
        sink: 'bigquery',
        outcome: 'dead_lettered',
      }),
    ).toBe(0);
    expect(sink.logs).toContain('MERGE failed transiently; retrying');
  });
});
