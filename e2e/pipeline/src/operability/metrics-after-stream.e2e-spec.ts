import { Topics } from '@cdc/contracts';
import type { PartitionOffset } from '@cdc/kafka';
import {
  aContent,
  metricSamples,
  metricValue,
  randomEvents,
  SourceDbFixture,
  stackEnvironment,
  TcpProxy,
  waitUntil,
} from '@cdc/testing';

import {
  BigquerySinkHarness,
  ENRICHMENT_GROUP,
  EnrichmentHarness,
  OPERABILITY_E2E_PORTS,
  REDIS_SINK_TOPICS,
  RedisSinkHarness,
  stats,
} from '../harness';

const EVENTS_TOPIC = `${stackEnvironment.CDC_TOPIC_PREFIX}.public.engagement_events`;

/** The pipeline's own series; process metrics (CPU, memory) change on every scrape. */
const pipelineSeries = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('cdc_'))
    .join('\n');
const sumOffsets = (offsets: readonly PartitionOffset[]) =>
  offsets.reduce((sum, entry) => sum + Math.max(0, Number(entry.offset)), 0);

/**
 * After a stream through enrichment and redis-sink (with a Redis outage and one undecodable
 * record on the way), /metrics of both shows every named series, with values that agree with
 * what Kafka recorded: records consumed equal the committed offsets the process moved.
 */
describe('metrics after a stream', () => {
  const proxy = new TcpProxy(stackEnvironment.REDIS_HOST, Number(stackEnvironment.REDIS_PORT));
  const harness = new RedisSinkHarness({
    name: 'metrics',
    port: OPERABILITY_E2E_PORTS.metricsSink,
    env: { RETRY_MAX_MS: '500' },
  });
  const db = new SourceDbFixture();
  const enrichment = new EnrichmentHarness({
    name: 'metrics',
    port: OPERABILITY_E2E_PORTS.enrichment,
  });
  const bigquery = new BigquerySinkHarness({
    name: 'operability',
    port: OPERABILITY_E2E_PORTS.metricsBigquerySink,
  });
  let proxyPort = 0;
  let enrichmentStart: PartitionOffset[] = [];
  let inserted = 0;
  let ids: string[] = [];

  beforeAll(async () => {
    proxyPort = await proxy.start();
    await harness.placeAtEnd();
    enrichmentStart = await enrichment.committedOffsets(EVENTS_TOPIC);
    await enrichment.start();
    await harness.start({ REDIS_PORT: String(proxyPort) });
    await bigquery.placeAtEnd();
    await bigquery.start();

    const contents = await Promise.all(
      [300, 1800].map((length) => db.insertContent(aContent({ length_seconds: length }))),
    );
    ids = contents.map((content) => content.id);
    const applied = async (expected: number) => {
      const all = await Promise.all(ids.map((id) => stats(harness.app, id)));
      return all.reduce((sum, entry) => sum + (entry?.events ?? 0), 0) === expected
        ? true
        : undefined;
    };
    for (let batch = 0; batch < 3; batch += 1) {
      inserted += (await db.insertEvents(randomEvents(ids, 20))).length;
    }
    await waitUntil(() => applied(inserted), `${inserted} events applied`, 30_000, 200);

    // Redis goes away for a while: batches fail and are retried, then everything lands.
    await proxy.cut();
    inserted += (await db.insertEvents(randomEvents(ids, 30))).length;
    await waitUntil(
      async () =>
        metricValue(await harness.metrics(), 'cdc_batch_failures_total') > 0 ? true : undefined,
      'a failed batch',
      30_000,
      200,
    );
    // Polled committed lag keeps showing the stuck partitions while nothing is committed.
    await waitUntil(
      async () =>
        metricValue(await harness.metrics(), 'cdc_consumer_committed_lag', {
          group: harness.groupId,
        }) > 0
          ? true
          : undefined,
      'committed lag above 0 during the outage',
      20_000,
      250,
    );
    await proxy.start(proxyPort);
    await waitUntil(
      () => applied(inserted),
      `${inserted} events applied after the outage`,
      60_000,
      200,
    );

    // One record no sink can decode goes to the dead-letter topic.
    await harness.kafka.produce(Topics.enriched, [
      { key: 'operability-undecodable', value: '{"not":"an enriched event"}', headers: {} },
    ]);
    await waitUntil(
      async () =>
        metricValue(await harness.metrics(), 'cdc_records_dead_lettered_total') > 0
          ? true
          : undefined,
      'a dead letter',
      30_000,
      200,
    );
  }, 170_000);

  afterAll(async () => {
    await proxy.stop();
    await harness.close();
    await bigquery.close();
    await enrichment.close();
    await db.close();
  });

  it('enrichment: records consumed equal the offsets its group committed; produced, batches and lag are there', async () => {
    const { text, committed } = await waitUntil(
      async () => {
        const before = await enrichment.metrics();
        const offsets = await enrichment.committedOffsets(EVENTS_TOPIC);
        const after = await enrichment.metrics();
        const consumed = metricValue(after, 'cdc_records_consumed_total', { topic: EVENTS_TOPIC });
        const moved = sumOffsets(offsets) - sumOffsets(enrichmentStart);
        return pipelineSeries(before) === pipelineSeries(after) && consumed === moved
          ? { text: after, committed: moved }
          : undefined;
      },
      'enrichment metrics settled',
      30_000,
      250,
    );
    expect(committed).toBeGreaterThanOrEqual(inserted);
    expect(metricValue(text, 'cdc_records_consumed_total', { topic: EVENTS_TOPIC })).toBe(
      committed,
    );
    expect(
      metricValue(text, 'cdc_records_produced_total', { topic: Topics.enriched }),
    ).toBeGreaterThanOrEqual(inserted);
    expect(metricValue(text, 'cdc_batch_size_sum', { topic: EVENTS_TOPIC })).toBe(committed);
    expect(metricValue(text, 'cdc_batch_processing_seconds_count', { topic: EVENTS_TOPIC })).toBe(
      metricValue(text, 'cdc_batch_size_count', { topic: EVENTS_TOPIC }),
    );
    expect(
      metricValue(text, 'cdc_batch_processing_seconds_sum', { topic: EVENTS_TOPIC }),
    ).toBeGreaterThan(0);
    const lag = metricSamples(text, 'cdc_consumer_lag').filter(
      (sample) => sample.labels['topic'] === EVENTS_TOPIC,
    );
    expect(lag.map((sample) => sample.labels)).toEqual([
      { group: ENRICHMENT_GROUP, topic: EVENTS_TOPIC, partition: '0' },
    ]);
    expect(lag[0]!.value).toBeGreaterThanOrEqual(0);
    const committedLag = metricSamples(text, 'cdc_consumer_committed_lag').filter(
      (sample) => sample.labels['topic'] === EVENTS_TOPIC,
    );
    expect(committedLag.map((sample) => sample.labels)).toEqual([
      { group: ENRICHMENT_GROUP, topic: EVENTS_TOPIC, partition: '0' },
    ]);
  });

  it('redis-sink: consumed equal committed offsets; failures, dead letters, latency histogram and per-partition lag are non-zero', async () => {
    const start = harness.startOffsets;
    const { text, moved } = await waitUntil(
      async () => {
        const before = await harness.metrics();
        let moved = 0;
        for (const topic of REDIS_SINK_TOPICS) {
          moved +=
            sumOffsets(await harness.committedOffsets(topic)) - sumOffsets(start.get(topic) ?? []);
        }
        const after = await harness.metrics();
        return pipelineSeries(before) === pipelineSeries(after) &&
          metricValue(after, 'cdc_records_consumed_total') === moved
          ? { text: after, moved }
          : undefined;
      },
      'redis-sink metrics settled',
      30_000,
      250,
    );
    // Everything this test inserted, the undecodable record, and whatever else reached the topics meanwhile.
    expect(moved).toBeGreaterThanOrEqual(inserted + 1);
    expect(metricValue(text, 'cdc_records_consumed_total')).toBe(moved);
    expect(metricValue(text, 'cdc_batch_size_sum')).toBe(moved);
    expect(metricValue(text, 'cdc_batch_processing_seconds_count')).toBe(
      metricValue(text, 'cdc_batch_size_count'),
    );
    expect(
      metricValue(text, 'cdc_batch_failures_total', { topic: Topics.enriched }),
    ).toBeGreaterThan(0);
    expect(
      metricValue(text, 'cdc_records_dead_lettered_total', {
        topic: Topics.redisSinkDeadLetter,
        source_topic: Topics.enriched,
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricValue(text, 'cdc_records_produced_total', { topic: Topics.redisSinkDeadLetter }),
    ).toBe(
      metricValue(text, 'cdc_records_dead_lettered_total', { topic: Topics.redisSinkDeadLetter }),
    );
    const latencyCount = metricValue(text, 'cdc_commit_to_sink_latency_seconds_count', {
      sink: 'redis',
    });
    expect(latencyCount).toBeGreaterThanOrEqual(inserted);
    expect(
      metricValue(text, 'cdc_commit_to_sink_latency_seconds_bucket', { sink: 'redis', le: '+Inf' }),
    ).toBe(latencyCount);
    expect(
      metricValue(text, 'cdc_commit_to_sink_latency_seconds_sum', { sink: 'redis' }),
    ).toBeGreaterThan(0);
    const lag = metricSamples(text, 'cdc_consumer_lag').filter(
      (sample) => sample.labels['topic'] === Topics.enriched,
    );
    expect(lag.length).toBeGreaterThan(0);
    for (const sample of lag) {
      expect(sample.labels).toEqual({
        group: harness.groupId,
        topic: Topics.enriched,
        partition: expect.stringMatching(/^([0-9]|1[0-5])$/),
      });
      expect(sample.value).toBeGreaterThanOrEqual(0);
    }
    // Every partition of both topics, polled, whether or not it carried a batch.
    for (const topic of REDIS_SINK_TOPICS) {
      const partitions = metricSamples(text, 'cdc_consumer_committed_lag')
        .filter(
          (sample) =>
            sample.labels['group'] === harness.groupId && sample.labels['topic'] === topic,
        )
        .map((sample) => Number(sample.labels['partition']))
        .sort((a, b) => a - b);
      const all = (await harness.admin.endOffsets(topic))
        .map((entry) => entry.partition)
        .sort((a, b) => a - b);
      expect(partitions).toEqual(all);
    }
  });

  it('bigquery-sink: consumed equal committed offsets; rows written, latency histogram and dead letter are non-zero', async () => {
    const groupId = bigquery.groupId;
    await waitUntil(
      async () =>
        metricValue(await bigquery.metrics(), 'cdc_commit_to_sink_latency_seconds_count', {
          sink: 'bigquery',
        }) >= inserted
          ? true
          : undefined,
      `${inserted} rows written to BigQuery`,
      60_000,
      250,
    );
    const { text, moved } = await waitUntil(
      async () => {
        const before = await bigquery.metrics();
        let moved = 0;
        for (const topic of bigquery.inputTopics) {
          moved +=
            sumOffsets(await bigquery.committedOffsets(topic)) -
            sumOffsets(bigquery.startOffsets.get(topic) ?? []);
        }
        const after = await bigquery.metrics();
        const pending = metricValue(after, 'cdc_bigquery_sink_pending_rows');
        return pipelineSeries(before) === pipelineSeries(after) &&
          pending === 0 &&
          metricValue(after, 'cdc_records_consumed_total') === moved
          ? { text: after, moved }
          : undefined;
      },
      'bigquery-sink metrics settled',
      60_000,
      250,
    );
    expect(moved).toBeGreaterThanOrEqual(inserted + 1);
    expect(metricValue(text, 'cdc_records_consumed_total')).toBe(moved);
    expect(metricValue(text, 'cdc_batch_size_sum')).toBe(moved);
    expect(
      metricValue(text, 'cdc_sink_events_total', { sink: 'bigquery', outcome: 'written' }),
    ).toBeGreaterThanOrEqual(inserted);
    expect(
      metricValue(text, 'cdc_records_dead_lettered_total', {
        topic: Topics.bigquerySinkDeadLetter,
        source_topic: Topics.enriched,
      }),
    ).toBeGreaterThanOrEqual(1);
    const latencyCount = metricValue(text, 'cdc_commit_to_sink_latency_seconds_count', {
      sink: 'bigquery',
    });
    expect(latencyCount).toBeGreaterThanOrEqual(inserted);
    expect(
      metricValue(text, 'cdc_commit_to_sink_latency_seconds_bucket', {
        sink: 'bigquery',
        le: '+Inf',
      }),
    ).toBe(latencyCount);
    expect(
      metricSamples(text, 'cdc_consumer_committed_lag').filter(
        (sample) => sample.labels['group'] === groupId,
      ).length,
    ).toBeGreaterThan(0);
  });
});
