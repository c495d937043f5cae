import type { ContentStats } from '@cdc/redis-store';
import { SourceDbFixture } from '@cdc/testing';

import {
  awaitTruthCounts,
  EnrichmentHarness,
  groundTruth,
  insertEdgeCaseContents,
  REDIS_E2E_PORTS,
  RedisSinkHarness,
} from '../harness';

const BURST = 100_000;

/**
 * The speed-ups join partition batches into one script call and commit in the background;
 * a burst in one statement (every partition busy at once) must still count each event once.
 */
describe('redis-sink: a 100,000-row burst in one statement', () => {
  const harness = new RedisSinkHarness({ name: 'burst', port: REDIS_E2E_PORTS.burst });
  const db = new SourceDbFixture();
  const enrichment = new EnrichmentHarness({ name: 'burst', port: REDIS_E2E_PORTS.enrichment });

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

  it('ends with totals equal to the Postgres ground truth, each event applied once', async () => {
    const contents = await insertEdgeCaseContents(db);
    const ids = contents.map((content) => content.id);
    await db.query(
      `INSERT INTO engagement_events (content_id, user_id, event_type, event_ts, duration_ms, device, raw_payload)
       SELECT ($1::uuid[])[1 + n % 5], gen_random_uuid(),
              (ARRAY['play', 'pause', 'finish', 'click'])[1 + n % 4],
              clock_timestamp(),
              CASE WHEN n % 10 = 0 THEN NULL ELSE (n * 7919) % 600000 END,
              'web', jsonb_build_object('n', n)
         FROM generate_series(1, $2::int) AS n`,
      [ids, BURST],
    );
    const truth = await groundTruth(db, ids);
    expect(Object.values(truth).reduce((sum, row) => sum + (row.events ?? 0), 0)).toBe(BURST);

    const observed = await awaitTruthCounts(harness.app, ids, truth, 240_000, 500);
    observed.forEach((entry: ContentStats | undefined, index) => {
      expect({ id: ids[index], ...entry }).toMatchObject({ id: ids[index], ...truth[ids[index]!] });
    });
    // The sink also reads whatever else the shared enriched topic carries, so its counters are
    // not this test's: the totals of the burst's own contents are, and hold every event once.
    expect(observed.reduce((sum, entry) => sum + (entry?.events ?? 0), 0)).toBe(BURST);
  });
});
