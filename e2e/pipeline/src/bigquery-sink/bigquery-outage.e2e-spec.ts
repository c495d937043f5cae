import { Topics } from '@cdc/contracts';
import {
  anEnrichedEvent,
  type AppProcess,
  enrichedRecord,
  KafkaFixture,
  metricValue,
  stackEnvironment,
  TcpProxy,
  waitUntil,
} from '@cdc/testing';

import { BigQueryFixture, BigquerySinkHarness } from '../harness';

const DATASET = 'e2e_bq_outage';

describe('bigquery-sink: a BigQuery outage or a lost table pauses writing and loses nothing', () => {
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const harness = new BigquerySinkHarness({
    name: 'bq-outage',
    dataset: DATASET,
    env: { RETRY_INITIAL_MS: '100', RETRY_MAX_MS: '1000' },
  });
  const emulator = new URL(stackEnvironment.BIGQUERY_API_ENDPOINT);
  const proxy = new TcpProxy(emulator.hostname, Number(emulator.port));
  let sink: AppProcess;

  beforeAll(async () => {
    await bigquery.dropDataset(DATASET);
    const port = await proxy.start();
    await harness.placeAtEnd();
    sink = await harness.start({ BIGQUERY_API_ENDPOINT: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await harness.close();
    await proxy.stop();
    await kafka.close();
  });

  it('reports bigquery down, retries the batch, and writes it once BigQuery is back', async () => {
    const port = await proxy.cut();
    const events = [anEnrichedEvent(), anEnrichedEvent(), anEnrichedEvent()];
    await kafka.produce(
      Topics.enriched,
      events.map((event) => enrichedRecord(event)),
    );

    const health = await waitUntil(async () => {
      const response = await sink.get<{
        details: Record<string, { status: string; message?: string }>;
      }>('/health');
      return response.status === 503 ? response.body : undefined;
    }, 'readiness to report bigquery down');
    await waitUntil(
      async () =>
        metricValue(await sink.metrics(), 'cdc_bigquery_sink_merge_failures_total', {
          kind: 'transient',
        }) >= 2
          ? true
          : undefined,
      'two failed MERGE attempts',
      30_000,
      200,
    );
    const pendingDuringOutage = metricValue(await sink.metrics(), 'cdc_bigquery_sink_pending_rows');
    await proxy.start(port);
    await bigquery.waitForRows(
      DATASET,
      events.map((event) => event.event_id),
    );

    expect(health.details['bigquery']?.status).toBe('down');
    expect(health.details['bigquery']?.message).toContain('ECONNREFUSED');
    expect(health.details['kafka']?.status).toBe('up');
    expect(pendingDuringOutage).toBeGreaterThanOrEqual(3);
    expect(
      await bigquery.countOf(
        DATASET,
        events.map((event) => event.event_id),
      ),
    ).toBe(3);
    await waitUntil(
      async () => ((await sink.status('/health')) === 200 ? true : undefined),
      'readiness to recover',
    );
  });

  it('creates the table again when it is deleted under the running sink', async () => {
    await bigquery.dropDataset(DATASET);
    const event = anEnrichedEvent();

    await kafka.produce(Topics.enriched, [enrichedRecord(event)]);
    await bigquery.waitForRows(DATASET, [event.event_id]);

    expect(await bigquery.countOf(DATASET, [event.event_id])).toBe(1);
    expect((await bigquery.tableMetadata(DATASET))['timePartitioning']).toEqual({
      type: 'DAY',
      field: 'event_ts',
    });
  });
});
