import { type DeadLetterRecordV1, decodeBytes, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import { type AppProcess, KafkaFixture, SourceDbFixture } from '@cdc/testing';

import {
  BackfillHarness,
  EnrichmentHarness,
  insertContents,
  seedHistory,
  startJob,
  waitForStatus,
  yesterdayHour,
} from '../harness';

const REASON = 'unknown engagement_events.event_type null';

const letterOf = (record: { value: Buffer | null }) =>
  JSON.parse(record.value!.toString()) as DeadLetterRecordV1;

/**
 * engagement_events.event_type allows NULL, and the contract does not. The live path
 * dead-letters such a row; the backfill must treat the same row the same way (dead-letter it
 * with the same reason, publish the rest of its range once, complete), not fail the job.
 */
describe('backfill: a row the contract refuses (NULL event_type)', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const enrichment = new EnrichmentHarness({ name: 'bad-row' });
  // Two page attempts: before the fix the job fails in seconds instead of two minutes.
  const backfill = new BackfillHarness({
    name: 'bad-row',
    env: { BACKFILL_PAGE_SIZE: '4', BACKFILL_MAX_PAGE_ATTEMPTS: '2' },
  });
  let app: AppProcess;
  let liveLetters: TopicTail;
  let backfillLetters: TopicTail;
  let published: TopicTail;

  beforeAll(async () => {
    liveLetters = await kafka.tail([Topics.enrichmentDeadLetter]);
    backfillLetters = await kafka.tail([Topics.backfillDeadLetter]);
    published = await kafka.tail([Topics.backfill]);
    await enrichment.start();
    app = await backfill.start();
  });

  afterAll(async () => {
    await backfill.close();
    await enrichment.close();
    await kafka.close();
    await db.close();
  });

  it('dead-letters the row with the live reason, publishes every other row of the range once and completes', async () => {
    const contents = await insertContents(db, [300, 1800]);
    const start = yesterdayHour();
    const good = await seedHistory(db, contents, 10, start);
    // In the middle of the range, on the second page of four rows (ties order by id).
    const [bad] = await db.query<{ id: string }>(
      `INSERT INTO engagement_events (content_id, user_id, event_type, event_ts, duration_ms, device, raw_payload)
       VALUES ($1, NULL, NULL, $2::timestamptz, 5000, 'web', '{"bad": true}') RETURNING id::text AS id`,
      [contents[0]!.id, new Date(start.getTime() + 1).toISOString()],
    );
    const badId = bad!.id;

    // The live path: the enrichment dead-letters the row.
    const [live] = await liveLetters.waitFor(
      (record) => letterOf(record).event_id === badId,
      1,
      60_000,
    );
    expect(letterOf(live!)).toMatchObject({
      stage: 'enrichment',
      reason: REASON,
      event_id: badId,
    });

    const id = await startJob(app, {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: contents.map((content) => content.id),
      sinks: ['redis'],
      rateLimit: 1_000,
    });
    const done = await waitForStatus(app, id, 'completed', 90_000);
    expect(done.progress).toMatchObject({
      percent: 100,
      rowsDone: 11,
      rowsTotal: 11,
      pagesDone: 3,
      recordsPublished: 10,
    });
    expect(done.errors).toEqual({ count: 0, last: null });

    const ofJob = (record: { value: Buffer | null }) =>
      letterOf(record).original.headers['x-backfill-job-id'] === id;
    const [letterRecord] = await backfillLetters.waitFor(ofJob, 1, 30_000);
    await published.waitFor((record) => record.headers['x-backfill-job-id'] === id, 10, 30_000);
    // Anything more would arrive right behind.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(backfillLetters.records.filter(ofJob)).toHaveLength(1);
    const letter = letterOf(letterRecord!);
    expect(letter).toMatchObject({
      schema_version: 1,
      stage: 'backfill',
      reason: REASON,
      event_id: badId,
      source: { topic: 'engagement_events', partition: -1, offset: badId },
      original: {
        key_base64: Buffer.from(contents[0]!.id).toString('base64'),
        headers: { 'x-event-id': badId, 'x-backfill-job-id': id },
      },
      attempts: null,
      last_status: null,
    });
    expect(letterRecord!.headers['x-dead-letter-reason']).toBe(REASON);
    expect(JSON.parse(decodeBytes(letter.original.value_base64)!.toString())).toEqual({
      id: badId,
      content_id: contents[0]!.id,
      user_id: null,
      event_type: null,
      event_ts: `${new Date(start.getTime() + 1).toISOString().slice(0, 23)}000Z`,
      duration_ms: 5000,
      device: 'web',
      raw_payload: '{"bad": true}',
    });

    const ids = published.records
      .filter((record) => record.headers['x-backfill-job-id'] === id)
      .map((record) => record.headers['x-event-id']);
    expect(ids.sort()).toEqual([...good].sort());
    expect(await backfill.metric('cdc_backfill_rows_dead_lettered_total')).toBe(1);
    expect(await backfill.metric('cdc_backfill_rows_published_total')).toBe(10);
  });
});
