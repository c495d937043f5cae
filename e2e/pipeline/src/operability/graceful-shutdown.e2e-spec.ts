import type { TopicTail } from '@cdc/kafka';
import { aContent, metricValue, randomEvents, SourceDbFixture, waitUntil } from '@cdc/testing';

import {
  EnrichmentHarness,
  groundTruth,
  OPERABILITY_E2E_PORTS,
  REDIS_SINK_TOPICS,
  RedisSinkHarness,
  repeatedForRedis,
  stats,
} from '../harness';

const SHUTDOWN_TIMEOUT_MS = 10_000;

describe('graceful shutdown: SIGTERM in the middle of a stream', () => {
  const harness = new RedisSinkHarness({
    name: 'sigterm',
    port: OPERABILITY_E2E_PORTS.sigtermSink,
    env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), LOG_LEVEL: 'info' },
  });
  const db = new SourceDbFixture();
  const enrichment = new EnrichmentHarness({
    name: 'sigterm',
    port: OPERABILITY_E2E_PORTS.enrichment,
  });
  let tail: TopicTail;

  beforeAll(async () => {
    await harness.placeAtEnd();
    // Everything the sink's group will read, to tell upstream duplicates from re-reads.
    tail = await harness.kafka.tail([...REDIS_SINK_TOPICS]);
    await enrichment.start();
    await harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await enrichment.close();
    await db.close();
  });

  it('redis-sink exits 0 within SHUTDOWN_TIMEOUT_MS, and after a restart totals equal the Postgres ground truth', async () => {
    const contents = await Promise.all(
      [
        { content_type: 'podcast' as const, length_seconds: 1800 },
        { content_type: 'video' as const, length_seconds: 333 },
        { content_type: 'newsletter' as const, length_seconds: null },
      ].map((overrides) => db.insertContent(aContent(overrides))),
    );
    const ids = contents.map((content) => content.id);

    const first = harness.app;
    let inserted = 0;
    let exit: { code: number | null; ms: number } | null = null;
    let insertedAtSignal = 0;
    const streamUntil = Date.now() + 9_000;
    let stopping: Promise<void> | null = null;
    while (Date.now() < streamUntil) {
      inserted += (await db.insertEvents(randomEvents(ids, 40))).length;
      if (stopping === null && Date.now() > streamUntil - 6_000) {
        insertedAtSignal = inserted;
        const signalledAt = Date.now();
        // The stream goes on while the sink stops: the signal lands on a busy consumer.
        stopping = first.kill('SIGTERM').then((code) => {
          exit = { code, ms: Date.now() - signalledAt };
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await stopping;
    expect(insertedAtSignal).toBeGreaterThan(0);
    expect(inserted).toBeGreaterThan(insertedAtSignal);
    expect(exit).not.toBeNull();
    const { code, ms } = exit as unknown as { code: number | null; ms: number };
    expect(code).toBe(0);
    expect(ms).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(first.logs).toContain(
      `"msg":"Shutting down (SIGTERM), at most ${SHUTDOWN_TIMEOUT_MS} ms"`,
    );
    expect(first.logs).not.toContain('Shutdown exceeded');

    const second = await harness.restart();
    const truth = await groundTruth(db, ids);
    expect(Object.values(truth).reduce((sum, row) => sum + (row.events ?? 0), 0)).toBe(inserted);
    const observed = await waitUntil(
      async () => {
        const all = await Promise.all(ids.map((id) => stats(second, id)));
        return all.every((entry, index) => entry?.events === truth[ids[index]!]?.events)
          ? all
          : undefined;
      },
      `${inserted} events applied after the restart`,
      60_000,
      250,
    );
    observed.forEach((entry, index) => {
      expect({ id: ids[index], ...entry }).toMatchObject({ id: ids[index], ...truth[ids[index]!] });
    });
    // What the first process applied it also committed: after the restart the only repeats are
    // those already in the topics (an enrichment redelivery, say), none re-read by the sink.
    const repeatsInSecond = metricValue(await second.metrics(), 'cdc_sink_events_total', {
      sink: 'redis',
      outcome: 'duplicate',
    });
    expect(repeatsInSecond).toBeLessThanOrEqual(repeatedForRedis(tail.records));
  }, 150_000);
});
