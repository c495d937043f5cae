import { randomUUID } from 'node:crypto';

import {
  cdcTopic,
  type DeadLetterRecordV1,
  RecordHeaders,
  SourceTables,
  Topics,
} from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import {
  aContent,
  anEvent,
  KafkaFixture,
  metricValue,
  SourceDbFixture,
  stackEnvironment,
} from '@cdc/testing';

import { enrichedByEventId, EnrichmentHarness, parseValue } from '../harness';

const eventsTopic = cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.engagementEvents);

describe('enrichment, from Postgres through Debezium to the enriched topic', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const enrichment = new EnrichmentHarness({
    name: 'enrichment',
    env: { LATE_CONTENT_WAIT_MS: '4000' },
  });
  let enriched: TopicTail;
  let deadLetters: TopicTail;

  beforeAll(async () => {
    await enrichment.start();
    enriched = await kafka.tail([Topics.enriched]);
    deadLetters = await kafka.tail([Topics.enrichmentDeadLetter]);
  });

  afterAll(async () => {
    await enrichment.close();
    await kafka.close();
    await db.close();
  });

  it('enriches a multi-row INSERT with the exact figures of every NULL rule', async () => {
    const short = await db.insertContent(
      aContent({ content_type: 'podcast', length_seconds: 300 }),
    );
    const long = await db.insertContent(aContent({ content_type: 'video', length_seconds: 1800 }));
    const unknownLength = await db.insertContent(
      aContent({ content_type: 'newsletter', length_seconds: null }),
    );
    const zeroLength = await db.insertContent(aContent({ length_seconds: 0 }));
    const cases = [
      { content: short, duration_ms: 7000, seconds: 7, pct: 2.33 },
      { content: long, duration_ms: 60000, seconds: 60, pct: 3.33 },
      { content: short, duration_ms: 9000, seconds: 9, pct: 3 },
      { content: short, duration_ms: 0, seconds: 0, pct: 0 },
      { content: short, duration_ms: null, seconds: null, pct: null },
      { content: unknownLength, duration_ms: 7000, seconds: 7, pct: null },
      { content: zeroLength, duration_ms: 7000, seconds: 7, pct: null },
      { content: null, duration_ms: 7000, seconds: 7, pct: null },
    ];
    const ids = await db.insertEvents(
      cases.map(({ content, duration_ms }) =>
        anEvent({
          content_id: content?.id ?? null,
          duration_ms,
          event_ts: '2026-11-22T10:15:30.123456Z',
          raw_payload: { position: 12, nested: { ok: true } },
        }),
      ),
    );

    const byId = await enrichedByEventId(enriched, ids);

    cases.forEach(({ content, seconds, pct }, index) => {
      const event = byId.get(ids[index]!)!;
      expect([event.engagement_seconds, event.engagement_pct]).toEqual([seconds, pct]);
      expect(event.content_id).toBe(content?.id ?? null);
      expect(event.content_slug).toBe(content?.slug ?? null);
      expect(event.length_seconds).toBe(content?.length_seconds ?? null);
    });
    const first = byId.get(ids[0]!)!;
    expect(first).toEqual({
      schema_version: 1,
      event_id: ids[0],
      content_id: short.id,
      user_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      event_type: 'play',
      event_ts: '2026-11-22T10:15:30.123456Z',
      duration_ms: 7000,
      device: 'web',
      raw_payload: { position: 12, nested: { ok: true } },
      content_slug: short.slug,
      content_title: short.title,
      content_type: 'podcast',
      length_seconds: 300,
      publish_ts: '2026-01-02T03:04:05.000000Z',
      engagement_seconds: 7,
      engagement_pct: 2.33,
      source_ts_ms: expect.any(Number),
      source_lsn: expect.any(Number),
      enriched_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      origin: 'cdc',
    });
    const record = enriched.records.find((r) => r.headers[RecordHeaders.eventId] === ids[0])!;
    expect(record.key?.toString()).toBe(short.id);
    expect(record.headers[RecordHeaders.origin]).toBe('cdc');
    const withoutContent = enriched.records.find(
      (r) => r.headers[RecordHeaders.eventId] === ids[7],
    )!;
    expect(withoutContent.key).toBeNull();
  });

  it('applies a content UPDATE to every event committed after it', async () => {
    const content = await db.insertContent(aContent({ length_seconds: 300 }));
    const before = await db.insertEvent(anEvent({ content_id: content.id, duration_ms: 7000 }));
    expect((await enrichedByEventId(enriched, [before])).get(before)).toMatchObject({
      length_seconds: 300,
      engagement_pct: 2.33,
      content_title: content.title,
    });

    await db.query('UPDATE content SET length_seconds = 600, title = $2 WHERE id = $1', [
      content.id,
      'Renamed',
    ]);
    const after = await db.insertEvents([
      anEvent({ content_id: content.id, duration_ms: 7000 }),
      anEvent({ content_id: content.id, duration_ms: 9000 }),
    ]);

    const byId = await enrichedByEventId(enriched, after);
    expect(
      after
        .map((id) => byId.get(id))
        .map((e) => [e?.length_seconds, e?.engagement_pct, e?.content_title]),
    ).toEqual([
      [600, 1.17, 'Renamed'],
      [600, 1.5, 'Renamed'],
    ]);
  });

  it('holds an event that arrives before its content until the content arrives', async () => {
    const contentId = randomUUID();
    const lateBefore = metricValue(
      await enrichment.metrics(),
      'cdc_enrichment_late_content_total',
      { resolution: 'cdc' },
    );
    // With FK checks off (as on a logical replica), the event commits before its content exists.
    const [eventId] = await db.transaction(async (client) => {
      await client.query('SET LOCAL session_replication_role = replica');
      return db.insertEvents([anEvent({ content_id: contentId, duration_ms: 9000 })], client);
    });
    const neighbour = await db.insertEvent(anEvent({ content_id: null, duration_ms: 1 }));
    await enrichedByEventId(enriched, [neighbour]);
    expect(enriched.records.some((r) => r.headers[RecordHeaders.eventId] === eventId)).toBe(false);

    const content = await db.insertContent(
      aContent({ id: contentId, length_seconds: 300, content_type: 'video' }),
    );
    const byId = await enrichedByEventId(enriched, [eventId!]);

    expect(byId.get(eventId!)).toMatchObject({
      content_id: contentId,
      content_slug: content.slug,
      content_type: 'video',
      engagement_seconds: 9,
      engagement_pct: 3,
    });
    expect(
      metricValue(await enrichment.metrics(), 'cdc_enrichment_late_content_total', {
        resolution: 'cdc',
      }),
    ).toBe(lateBefore + 1);
  });

  it('emits with NULL content fields when the content never arrives', async () => {
    const [eventId] = await db.transaction(async (client) => {
      await client.query('SET LOCAL session_replication_role = replica');
      return db.insertEvents([anEvent({ content_id: randomUUID(), duration_ms: 7000 })], client);
    });
    const byId = await enrichedByEventId(enriched, [eventId!]);
    expect(byId.get(eventId!)).toMatchObject({
      content_slug: null,
      content_type: null,
      length_seconds: null,
      engagement_seconds: 7,
      engagement_pct: null,
    });
    await db.query('DELETE FROM engagement_events WHERE id = $1', [eventId]);
  });

  it('dead-letters malformed records with their reason and keeps going', async () => {
    const cdcTail = await kafka.tail([eventsTopic]);
    const badJson = Buffer.from('{"op":"c","after":');
    const unknownType = Buffer.from(
      JSON.stringify({
        op: 'c',
        before: null,
        source: { ts_ms: 1763806530123, lsn: 1 },
        after: {
          id: 99_000_001,
          content_id: null,
          user_id: null,
          event_type: 'skip',
          event_ts: '2026-11-22T10:15:30Z',
          duration_ms: 1,
          device: null,
          raw_payload: null,
        },
      }),
    );
    const wrongType = Buffer.from(
      JSON.stringify({
        op: 'c',
        before: null,
        source: { ts_ms: 1763806530123, lsn: 1 },
        after: {
          id: 99_000_002,
          content_id: null,
          user_id: null,
          event_type: 'play',
          event_ts: '2026-11-22T10:15:30Z',
          duration_ms: '7000',
          device: null,
          raw_payload: null,
        },
      }),
    );
    const marker = randomUUID();
    await kafka.produce(eventsTopic, [
      { key: marker, value: badJson },
      { key: marker, value: unknownType },
      { key: marker, value: wrongType },
    ]);
    const injected = await cdcTail.waitFor((r) => r.key?.toString() === marker, 3);
    const valid = await db.insertEvent(anEvent({ duration_ms: 1500 }));

    const letters = (await deadLetters.waitFor((r) => r.key?.toString() === marker, 3)).map((r) =>
      parseValue<DeadLetterRecordV1>(r),
    );
    expect(
      letters.map((l) => [l.stage, l.source.topic, l.source.partition, l.source.offset]),
    ).toEqual(injected.map((r) => ['enrichment', eventsTopic, r.partition, r.offset]));
    expect(letters.map((l) => l.event_id)).toEqual([null, '99000001', '99000002']);
    expect(letters[0]!.reason).toMatch(/^value is not valid JSON: /);
    expect(letters[1]!.reason).toBe('unknown engagement_events.event_type "skip"');
    expect(letters[2]!.reason).toBe(
      'engagement_events.duration_ms must be an integer >= 0 or null, got string "7000"',
    );
    expect(Buffer.from(letters[0]!.original.value_base64!, 'base64')).toEqual(badJson);
    expect((await enrichedByEventId(enriched, [valid])).get(valid)?.engagement_seconds).toBe(1.5);
  });

  it('counts and skips updates and deletes of events', async () => {
    const metrics = async () => {
      const text = await enrichment.metrics();
      return ['skipped_update', 'skipped_delete', 'skipped_tombstone'].map((outcome) =>
        metricValue(text, 'cdc_enrichment_events_total', { outcome }),
      );
    };
    const [updates, deletes, tombstones] = await metrics();
    const id = await db.insertEvent(anEvent({ duration_ms: 10 }));
    await enrichedByEventId(enriched, [id]);
    await db.query('UPDATE engagement_events SET duration_ms = 20 WHERE id = $1', [id]);
    await db.query('DELETE FROM engagement_events WHERE id = $1', [id]);
    const marker = await db.insertEvent(anEvent({ duration_ms: 30 }));
    await enrichedByEventId(enriched, [marker]);

    expect(await metrics()).toEqual([updates! + 1, deletes! + 1, tombstones! + 1]);
    expect(enriched.records.filter((r) => r.headers[RecordHeaders.eventId] === id)).toHaveLength(1);
  });
});
