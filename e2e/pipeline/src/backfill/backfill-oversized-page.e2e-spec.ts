import { RecordHeaders, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import { aContent, type AppProcess, KafkaFixture, SourceDbFixture } from '@cdc/testing';

import {
  BackfillHarness,
  enrichedByEventId,
  EnrichmentHarness,
  PRODUCE_E2E_PORTS,
  seedHistory,
  startJob,
  waitForStatus,
  yesterdayHour,
} from '../harness';

/** The broker's message.max.bytes: Kafka's default, which scripts/stack and deploy/ keep. */
const BROKER_LIMIT = 1_048_588;

/**
 * A backfill page filtered to one content is one key, so one partition: with a long title on
 * every record, 600 rows are 2.8 MB for one partition, more than one produce request carries.
 */
describe('backfill: a page of one content larger than one produce request', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const backfill = new BackfillHarness({
    name: 'oversized-page',
    port: PRODUCE_E2E_PORTS.backfill,
    env: { BACKFILL_PAGE_SIZE: '1000' },
  });
  // The rows also reach the CDC topic live: enrichment takes them (the same hot content) too.
  const enrichment = new EnrichmentHarness({
    name: 'oversized-page',
    port: PRODUCE_E2E_PORTS.enrichment,
  });
  let app: AppProcess;
  let backfilled: TopicTail;
  let enriched: TopicTail;

  beforeAll(async () => {
    backfilled = await kafka.tail([Topics.backfill]);
    enriched = await kafka.tail([Topics.enriched]);
    await enrichment.start();
    app = await backfill.start();
  });

  afterAll(async () => {
    await backfill.close();
    await enrichment.close();
    await kafka.close();
    await db.close();
  });

  it('publishes the whole page, every row exactly once, and completes the job', async () => {
    const content = await db.insertContent(
      aContent({ title: `Hot ${'t'.repeat(4_000)}`, length_seconds: 600 }),
    );
    const start = yesterdayHour();
    const ids = await seedHistory(db, [content], 600, start);

    const id = await startJob(app, {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: [content.id],
      sinks: ['redis'],
      rateLimit: 10_000,
    });
    const done = await waitForStatus(app, id, 'completed', 90_000);
    await backfilled.waitFor((record) => record.headers[RecordHeaders.backfillJobId] === id, 600);
    // Anything beyond 600 would arrive right behind the last one.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const records = backfilled.records.filter(
      (record) => record.headers[RecordHeaders.backfillJobId] === id,
    );

    expect(done).toMatchObject({
      status: 'completed',
      progress: { rowsDone: 600, recordsPublished: 600 },
      errors: { count: 0 },
    });
    expect(records).toHaveLength(600);
    expect(records.map((record) => record.headers[RecordHeaders.eventId]).sort()).toEqual(
      [...ids].sort(),
    );
    expect(new Set(records.map((record) => record.partition)).size).toBe(1);
    expect(records.reduce((sum, record) => sum + (record.value?.length ?? 0), 0)).toBeGreaterThan(
      2 * BROKER_LIMIT,
    );
    // The live copies of the same rows: the whole hot content through enrichment.
    const live = await enrichedByEventId(enriched, ids, 90_000);
    expect(live.size).toBe(600);
    expect([...live.values()].every((event) => event.content_title === content.title)).toBe(true);
  });
});
