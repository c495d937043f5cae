import { type DeadLetterRecordV1, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import { aContent, type ContentRow, KafkaFixture, waitUntil } from '@cdc/testing';

import { enrichedByEventId, parseValue, ScratchSource } from '../harness';
import {
  contentChange,
  ENRICHMENT_SCRATCH_DATABASE,
  eventInsert,
  grantReader,
  type Position,
  READER_ROLE,
  ScratchEnrichmentHarness,
} from './scratch-enrichment';

/**
 * The ways enrichment used to wedge or go stale that only a real stack shows: a late-content
 * lookup that fails for good, a crashed content consumer, and an event that reaches
 * enrichment before the content change committed before it. The Debezium records are
 * produced by hand into topics of this spec's own, in the order each test needs.
 */
describe('enrichment hardening: late lookups, content consumer crash, content position', () => {
  const db = new ScratchSource(ENRICHMENT_SCRATCH_DATABASE);
  const kafka = new KafkaFixture();
  let enrichment: ScratchEnrichmentHarness;
  let enriched: TopicTail;
  let deadLetters: TopicTail;
  // Event ids far from every other test's, unique per run.
  let nextEventId = 7_000_000_000_000 + (Date.now() % 1_000_000_000) * 1_000;
  const eventId = () => String((nextEventId += 1));
  // Stream positions of the hand-made records: [last commit, change LSN], increasing.
  let clock = 1_000_000;
  const nextCommit = (): Position => {
    clock += 100;
    return { commit: clock, lsn: clock + 1 };
  };

  const insertContent = async (row: ContentRow): Promise<ContentRow> => {
    await db.query(
      `INSERT INTO content (id, slug, title, content_type, length_seconds, publish_ts)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.id, row.slug, row.title, row.content_type, row.length_seconds, row.publish_ts],
    );
    return row;
  };
  const health = async () =>
    (await enrichment.app.get<{ details?: Record<string, Record<string, unknown>> }>('/health'))
      .body.details?.['content'];

  beforeAll(async () => {
    await db.prepare();
    await grantReader(db);
    enrichment = new ScratchEnrichmentHarness(db);
    await enrichment.placeAtEnd();
    await kafka.ensureTopics([enrichment.contentTopic]);
    enriched = await kafka.tail([Topics.enriched]);
    deadLetters = await kafka.tail([Topics.enrichmentDeadLetter]);
  }, 120_000);

  afterAll(async () => {
    await grantReader(db);
    await enrichment.close();
    await kafka.close();
    await db.close();
  });

  it('enriches an event that arrives before the content UPDATE committed before it with the updated content', async () => {
    const content = await insertContent(
      aContent({ title: 'Before', length_seconds: 300, content_type: 'video' }),
    );
    await enrichment.start();
    const checks = await enrichment.metric('cdc_enrichment_content_checks_total', {
      result: 'database',
    });

    // The UPDATE commits, then the event; Kafka hands enrichment the event first and the
    // content change only later (Connect orders nothing across topics).
    await db.query(`UPDATE content SET title = 'After', length_seconds = 600 WHERE id = $1`, [
      content.id,
    ]);
    const update = nextCommit();
    const first = eventId();
    await kafka.produce(enrichment.eventsTopic, [
      eventInsert(first, content.id, 60_000, nextCommit()),
    ]);
    const byId = await enrichedByEventId(enriched, [first]);
    expect(byId.get(first)).toMatchObject({
      content_id: content.id,
      content_title: 'After',
      length_seconds: 600,
      engagement_seconds: 60,
      engagement_pct: 10,
    });
    expect(
      await enrichment.metric('cdc_enrichment_content_checks_total', { result: 'database' }),
    ).toBe(checks + 1);

    // The content change arrives late; once applied, an event of the same transaction as a
    // later change (event first, then the content row) is enriched from the catalogue.
    const later = nextCommit();
    await db.query(`UPDATE content SET title = 'Later', length_seconds = 1200 WHERE id = $1`, [
      content.id,
    ]);
    await kafka.produce(enrichment.contentTopic, [
      contentChange('u', { ...content, title: 'After', length_seconds: 600 }, update),
      contentChange('u', { ...content, title: 'Later', length_seconds: 1200 }, later),
    ]);
    await waitUntil(
      async () =>
        (await enrichment.metric('cdc_enrichment_content_applied_lsn')) === later.lsn
          ? true
          : undefined,
      'the content changes applied',
      30_000,
    );
    const second = eventId();
    await kafka.produce(enrichment.eventsTopic, [
      eventInsert(second, content.id, 60_000, { commit: later.commit, lsn: later.lsn - 1 }),
    ]);
    expect((await enrichedByEventId(enriched, [second])).get(second)).toMatchObject({
      content_title: 'Later',
      length_seconds: 1200,
      engagement_pct: 5,
    });
    expect(
      await enrichment.metric('cdc_enrichment_content_checks_total', { result: 'database' }),
    ).toBe(checks + 1);
  });

  it('dead-letters an event whose late-content lookup keeps failing, commits past it, and goes on', async () => {
    const unknown = await insertContent(aContent({ title: 'Unreadable', length_seconds: 100 }));
    await db.query(`REVOKE SELECT ON content FROM ${READER_ROLE}`);
    const failing = eventId();
    const neighbour = eventId();
    await kafka.produce(enrichment.eventsTopic, [
      eventInsert(failing, unknown.id, 50_000, nextCommit()),
      eventInsert(neighbour, null, 2_000, nextCommit()),
    ]);

    const [letter] = (
      await deadLetters.waitFor((r) => parseValue<DeadLetterRecordV1>(r).event_id === failing)
    ).map((r) => parseValue<DeadLetterRecordV1>(r));
    expect([letter!.stage, letter!.source.topic, letter!.reason]).toEqual([
      'enrichment',
      enrichment.eventsTopic,
      `content lookup for ${unknown.id} failed after 3 attempts: permission denied for table content`,
    ]);
    expect((await enrichedByEventId(enriched, [neighbour])).get(neighbour)).toMatchObject({
      content_id: null,
      engagement_seconds: 2,
    });
    const [end] = await enrichment.admin.endOffsets(enrichment.eventsTopic);
    await waitUntil(
      async () => {
        const [committed] = await enrichment.committedOffsets(enrichment.eventsTopic);
        return committed?.offset === end?.offset ? true : undefined;
      },
      `the group committed ${enrichment.eventsTopic} up to ${end?.offset}`,
      30_000,
    );
    expect(await health()).toEqual({
      status: 'down',
      lookup: 'failing',
      contentId: unknown.id,
      since: expect.any(String),
      error: 'permission denied for table content',
    });
    expect(
      await enrichment.metric('cdc_enrichment_late_content_total', { resolution: 'lookup_failed' }),
    ).toBe(1);
    expect(enrichment.app.logs).toContain(
      'late-content lookup failed on every attempt; the event is dead-lettered',
    );
    expect(enriched.records.some((r) => r.headers['x-event-id'] === failing)).toBe(false);

    // Once the grant is back, the same content is looked up and later events are enriched.
    await grantReader(db);
    const next = eventId();
    await kafka.produce(enrichment.eventsTopic, [
      eventInsert(next, unknown.id, 50_000, nextCommit()),
    ]);
    expect((await enrichedByEventId(enriched, [next])).get(next)).toMatchObject({
      content_id: unknown.id,
      content_title: 'Unreadable',
      length_seconds: 100,
      engagement_pct: 50,
    });
    expect(await health()).toMatchObject({ status: 'up' });
  });

  it('rebuilds the content catalogue after its consumer crashed, without a restart', async () => {
    const content = await insertContent(aContent({ title: 'Old', length_seconds: 300 }));
    const applied = await enrichment.metric('cdc_enrichment_content_applied_lsn');
    await kafka.produce(enrichment.contentTopic, [contentChange('c', content, nextCommit())]);
    await waitUntil(
      async () =>
        (await enrichment.metric('cdc_enrichment_content_applied_lsn')) > applied
          ? true
          : undefined,
      'the content insert applied',
      30_000,
    );

    // Deleting the topic under the consumer makes kafkajs crash it ("This server does not
    // host this topic-partition"); the topic comes back empty, as after a re-creation.
    await enrichment.deleteTopic(enrichment.contentTopic);
    await waitUntil(
      async () => (enrichment.app.logs.includes('content consumer crashed') ? true : undefined),
      'the crash logged',
      60_000,
    );
    expect(await health()).toMatchObject({ status: 'down', consumer: 'crashed' });
    await kafka.ensureTopics([enrichment.contentTopic]);
    await waitUntil(
      async () =>
        (await enrichment.metric('cdc_enrichment_content_consumer_restarts_total', {
          result: 'recovered',
        })) === 1
          ? true
          : undefined,
      'the content consumer recovered',
      90_000,
    );
    expect(await health()).toMatchObject({ status: 'up' });

    // A content UPDATE after the crash reaches the catalogue through the new consumer.
    await db.query(`UPDATE content SET title = 'New', length_seconds = 900 WHERE id = $1`, [
      content.id,
    ]);
    const update = nextCommit();
    await kafka.produce(enrichment.contentTopic, [
      contentChange('u', { ...content, title: 'New', length_seconds: 900 }, update),
    ]);
    await waitUntil(
      async () =>
        (await enrichment.metric('cdc_enrichment_content_applied_lsn')) === update.lsn
          ? true
          : undefined,
      'the update applied by the new consumer',
      30_000,
    );
    const checks = await enrichment.metric('cdc_enrichment_content_checks_total', {
      result: 'database',
    });
    const event = eventId();
    await kafka.produce(enrichment.eventsTopic, [
      eventInsert(event, content.id, 90_000, { commit: update.commit, lsn: update.lsn - 1 }),
    ]);
    expect((await enrichedByEventId(enriched, [event])).get(event)).toMatchObject({
      content_title: 'New',
      length_seconds: 900,
      engagement_pct: 10,
    });
    expect(
      await enrichment.metric('cdc_enrichment_content_checks_total', { result: 'database' }),
    ).toBe(checks);
    expect(enrichment.app.pid).not.toBeNull();
  });

  it('exits with code 1 when the content consumer cannot recover within the bound', async () => {
    await enrichment.start({ CONTENT_RECOVERY_TIMEOUT_MS: '5000' });
    await enrichment.deleteTopic(enrichment.contentTopic);
    expect(await enrichment.app.exited()).toBe(1);
    expect(enrichment.app.logs).toContain('content consumer did not recover within 5000 ms');
    await kafka.ensureTopics([enrichment.contentTopic]);
  });
});
