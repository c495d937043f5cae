import { type DeadLetterRecordV1, decodeBytes, RecordHeaders, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import { aContent, type AppProcess, KafkaFixture } from '@cdc/testing';

import {
  BackfillHarness,
  PRODUCE_E2E_PORTS,
  ScratchSource,
  seedHistory,
  startJob,
  waitForStatus,
  yesterdayHour,
} from '../harness';

/** The broker's message.max.bytes: Kafka's default, which scripts/stack and deploy/ keep. */
const BROKER_LIMIT = 1_048_588;
const REASON =
  /^the backfill record cannot be produced to engagement\.backfill\.v1: a record of (\d+) bytes \(with its batch framing\) is larger than the 1048588 bytes one produce may carry to a partition \(KAFKA_PRODUCE_MAX_BYTES, the broker's message\.max\.bytes\)$/;

const letterOf = (record: { value: Buffer | null }) =>
  JSON.parse(record.value!.toString()) as DeadLetterRecordV1;

/**
 * One row whose backfill record (a 600,000-character content title plus a 500 KB raw_payload)
 * is too large for any produce request. It must be dead-lettered with the reason, like the live
 * path does, and the job must complete with the rest of its range published once, instead of
 * failing after BACKFILL_MAX_PAGE_ATTEMPTS. The rows live in a database no connector reads
 * (ScratchSource): a CDC record that large would stop Kafka Connect's producer.
 */
describe('backfill: a row too large for any produce request', () => {
  const source = new ScratchSource();
  const kafka = new KafkaFixture();
  const backfill = new BackfillHarness({
    name: 'oversized-row',
    port: PRODUCE_E2E_PORTS.oversizedRowBackfill,
    env: { ...source.environment, BACKFILL_PAGE_SIZE: '100', BACKFILL_MAX_PAGE_ATTEMPTS: '2' },
  });
  let app: AppProcess;
  let letters: TopicTail;
  let published: TopicTail;

  beforeAll(async () => {
    await source.prepare();
    letters = await kafka.tail([Topics.backfillDeadLetter]);
    published = await kafka.tail([Topics.backfill]);
    app = await backfill.start();
  });

  afterAll(async () => {
    await backfill.close();
    await kafka.close();
    await source.close();
  });

  it('dead-letters that row with the reason, publishes the other rows once and completes', async () => {
    const huge = await source.insertContent(
      aContent({ title: 't'.repeat(600_000), length_seconds: 600 }),
    );
    const small = await source.insertContent(aContent({ length_seconds: 300 }));
    const start = yesterdayHour();
    const good = await seedHistory(source, [small], 2, start);
    const rawPayload = { blob: 'p'.repeat(500_000) };
    const eventTs = new Date(start.getTime() + 5).toISOString();
    const [big] = await source.query<{ id: string }>(
      `INSERT INTO engagement_events (content_id, user_id, event_type, event_ts, duration_ms, device, raw_payload)
       VALUES ($1, NULL, 'play', $2::timestamptz, 5000, 'web', $3::jsonb) RETURNING id::text AS id`,
      [huge.id, eventTs, JSON.stringify(rawPayload)],
    );
    const bigId = big!.id;

    const id = await startJob(app, {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: [huge.id, small.id],
      sinks: ['redis'],
      rateLimit: 1_000,
    });
    const done = await waitForStatus(app, id, 'completed', 90_000);
    expect(done.progress).toMatchObject({ rowsDone: 3, rowsTotal: 3, recordsPublished: 2 });
    expect(done.errors).toEqual({ count: 0, last: null });

    const ofJob = (record: { headers: Record<string, string> }) =>
      record.headers[RecordHeaders.backfillJobId] === id;
    const ofJobLetter = (record: { value: Buffer | null }) =>
      letterOf(record).original.headers['x-backfill-job-id'] === id;
    const [letterRecord] = await letters.waitFor(ofJobLetter, 1, 30_000);
    await published.waitFor(ofJob, 2, 30_000);
    // Anything more would arrive right behind.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(letters.records.filter(ofJobLetter)).toHaveLength(1);
    const letter = letterOf(letterRecord!);
    expect(letter).toMatchObject({
      schema_version: 1,
      stage: 'backfill',
      event_id: bigId,
      source: { topic: 'engagement_events', partition: -1, offset: bigId },
      original: { headers: { 'x-event-id': bigId, 'x-backfill-job-id': id } },
    });
    const size = Number(REASON.exec(letter.reason)?.[1]);
    expect(size).toBeGreaterThan(BROKER_LIMIT);
    expect(size).toBeLessThan(1_200_000);
    // The letter (the row's columns) fits in a request, so it keeps the row.
    expect(letter.original.omitted).toBeUndefined();
    expect(JSON.parse(decodeBytes(letter.original.value_base64)!.toString())).toMatchObject({
      id: bigId,
      content_id: huge.id,
      event_type: 'play',
      duration_ms: 5000,
      device: 'web',
    });

    const ids = published.records.filter(ofJob).map((record) => record.headers['x-event-id']);
    expect(ids.sort()).toEqual([...good].sort());
    expect(await backfill.metric('cdc_backfill_rows_dead_lettered_total')).toBe(1);
    expect(await backfill.metric('cdc_backfill_rows_published_total')).toBe(2);
  });
});
