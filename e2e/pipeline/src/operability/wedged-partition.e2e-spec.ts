import { randomUUID } from 'node:crypto';

import {
  anEnrichedEvent,
  type AppProcess,
  publishEnriched,
  stackEnvironment,
  TcpProxy,
  waitUntil,
} from '@cdc/testing';

import { OPERABILITY_E2E_PORTS, RedisSinkHarness, stats } from '../harness';

interface StuckPartition {
  group: string;
  topic: string;
  partition: number;
  since: string;
  attempts: number;
  lastError: string;
}

interface Health {
  status: string;
  error?: Record<string, { status: string; message?: string; stuckPartitions?: StuckPartition[] }>;
}

/** The value of the one sample of `name` with exactly these labels, or undefined. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * A sink whose batch keeps failing (its Redis cut off behind a proxy) on a topic of its own:
 * past CONSUMER_STUCK_AFTER_MS readiness names the partition, since when, the attempts and the
 * last error, and /metrics carries the cdc_partition_failing_* gauges; after the repair both
 * recover and every event is applied once.
 */
describe('a wedged partition is visible in readiness and metrics', () => {
  const topic = `e2e-wedged-${randomUUID().slice(0, 8)}`;
  const harness = new RedisSinkHarness({
    name: 'wedged',
    port: OPERABILITY_E2E_PORTS.wedgedSink,
  });
  const proxy = new TcpProxy(stackEnvironment.REDIS_HOST, Number(stackEnvironment.REDIS_PORT));
  let proxyPort = 0;
  let sink: AppProcess;

  beforeAll(async () => {
    proxyPort = await proxy.start();
    await harness.kafka.ensureTopics([topic]);
    sink = await harness.start({
      SINK_SOURCE_TOPICS: topic,
      REDIS_PORT: String(proxyPort),
      RETRY_MAX_MS: '500',
      CONSUMER_STUCK_AFTER_MS: '3000',
    });
  });

  afterAll(async () => {
    await proxy.stop();
    await harness.close();
  });

  it('names the stuck partition while its batch fails, and recovers after the repair', async () => {
    const contentId = randomUUID();
    const first = anEnrichedEvent({ content_id: contentId, event_type: 'play' });
    await publishEnriched(harness.kafka, [first], topic);
    await waitUntil(
      async () => ((await stats(sink, contentId))?.events === 1 ? true : undefined),
      'the first event applied',
      20_000,
    );

    await proxy.cut();
    const wedged = [
      anEnrichedEvent({
        content_id: contentId,
        event_type: 'pause',
        duration_ms: 30_000,
        engagement_seconds: 30,
        engagement_pct: 30,
      }),
      anEnrichedEvent({
        content_id: contentId,
        event_type: 'finish',
        duration_ms: 50_000,
        engagement_seconds: 50,
        engagement_pct: 50,
      }),
    ];
    await publishEnriched(harness.kafka, wedged, topic);

    const health = await waitUntil(
      async () => {
        const response = await sink.get<Health>('/health');
        const consumers = response.body.error?.['consumers'];
        return response.status === 503 && (consumers?.stuckPartitions?.length ?? 0) > 0
          ? consumers
          : undefined;
      },
      '/health 503 naming the stuck partition',
      30_000,
    );
    expect(health.status).toBe('down');
    expect(health.stuckPartitions).toHaveLength(1);
    const stuck = health.stuckPartitions![0]!;
    expect(stuck).toEqual({
      group: harness.groupId,
      topic,
      partition: 0,
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      attempts: expect.any(Number),
      lastError: expect.stringMatching(/\S/),
    });
    expect(stuck.attempts).toBeGreaterThanOrEqual(2);
    expect(Date.now() - Date.parse(stuck.since)).toBeGreaterThanOrEqual(3_000);
    expect(health.message).toContain(
      `consumer group ${harness.groupId}: ${topic}[0] has failed since ${stuck.since} (`,
    );
    expect(health.message).toContain(`attempts); last error: ${stuck.lastError}`);

    const labels = `group="${harness.groupId}",topic="${topic}",partition="0"`;
    const metrics = await harness.metrics();
    expect(sample(metrics, 'cdc_partition_failing_since_timestamp_seconds', labels)).toBe(
      Date.parse(stuck.since) / 1000,
    );
    expect(sample(metrics, 'cdc_partition_failing_seconds', labels)).toBeGreaterThanOrEqual(3);
    expect(sample(metrics, 'cdc_partition_failed_attempts', labels)).toBeGreaterThanOrEqual(
      stuck.attempts,
    );
    expect(metrics).toContain('cdc_readiness_status{indicator="consumers"} 0');
    // Nothing of the wedged batch is applied while it fails.
    expect(await harness.redis.hget(harness.layout.totals(contentId), 'events')).toBe('1');

    await proxy.start(proxyPort);
    await waitUntil(
      async () => ((await sink.status('/health')) === 200 ? true : undefined),
      '/health 200 after the repair',
      60_000,
    );
    expect(await stats(sink, contentId)).toMatchObject({
      events: 3,
      events_by_type: { play: 1, pause: 1, finish: 1, click: 0 },
      engagement_seconds_sum: 100,
      engagement_pct_sum: 100,
    });
    const recovered = await harness.metrics();
    expect(sample(recovered, 'cdc_partition_failing_seconds', labels)).toBe(0);
    expect(sample(recovered, 'cdc_partition_failing_since_timestamp_seconds', labels)).toBe(0);
    expect(sample(recovered, 'cdc_partition_failed_attempts', labels)).toBe(0);
    expect(recovered).toContain('cdc_readiness_status{indicator="consumers"} 1');
  }, 180_000);
});
