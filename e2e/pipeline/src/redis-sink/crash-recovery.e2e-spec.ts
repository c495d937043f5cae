import type { ContentStats } from '@cdc/redis-store';
import { randomEvents, SourceDbFixture } from '@cdc/testing';

import {
  awaitTruthCounts,
  EnrichmentHarness,
  groundTruth,
  insertEdgeCaseContents,
  REDIS_E2E_PORTS,
  RedisSinkHarness,
} from '../harness';

describe('redis-sink: kill -9 in the middle of a stream', () => {
  const harness = new RedisSinkHarness({ name: 'crash', port: REDIS_E2E_PORTS.crash });
  const db = new SourceDbFixture();
  const enrichment = new EnrichmentHarness({ name: 'crash', port: REDIS_E2E_PORTS.enrichment });

  beforeAll(async () => {
    await harness.placeAtEnd();
    await enrichment.start();
    await harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await enrichment.close();
    await db.close();
  });

  it('ends with totals equal to the Postgres ground truth after a restart', async () => {
    const contents = await insertEdgeCaseContents(db);
    const ids = contents.map((content) => content.id);
    const insertBatch = () => db.insertEvents(randomEvents(ids, 40));

    const sink = harness.app;
    let inserted = 0;
    let killedAt: number | null = null;
    let appliedBeforeKill = 0;
    const streamUntil = Date.now() + 8_000;
    while (Date.now() < streamUntil) {
      inserted += (await insertBatch()).length;
      if (killedAt === null && Date.now() > streamUntil - 5_000) {
        await sink.kill('SIGKILL');
        killedAt = inserted;
        const counts = await Promise.all(
          ids.map((id) => harness.redis.hget(harness.layout.totals(id), 'events')),
        );
        appliedBeforeKill = counts.reduce((sum, count) => sum + Number(count ?? 0), 0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Killed mid-stream: some events were applied, and more were inserted while it was down.
    expect(appliedBeforeKill).toBeGreaterThan(0);
    expect(appliedBeforeKill).toBeLessThanOrEqual(killedAt!);
    expect(inserted).toBeGreaterThan(killedAt!);

    await harness.restart();
    const truth = await groundTruth(db, ids);
    const totalEvents = Object.values(truth).reduce((sum, row) => sum + (row.events ?? 0), 0);
    expect(totalEvents).toBe(inserted);
    const observed = await awaitTruthCounts(sink, ids, truth, 60_000, 250);
    observed.forEach((entry: ContentStats | undefined, index) => {
      expect({ id: ids[index], ...entry }).toMatchObject({ id: ids[index], ...truth[ids[index]!] });
    });
  }, 150_000);
});
