import { randomInt, randomUUID } from 'node:crypto';

import {
  cdcTopic,
  type DeadLetterRecordV1,
  RecordHeaders,
  SourceTables,
  Topics,
} from '@cdc/contracts';
import type { InboundRecord, TopicTail } from '@cdc/kafka';
import {
  aContent,
  anEvent,
  type AppProcess,
  isoMicros,
  KafkaFixture,
  metricValue,
  SourceDbFixture,
  stackEnvironment,
  waitUntil,
} from '@cdc/testing';

import {
  enrichedByEventId,
  EnrichmentHarness,
  parseValue,
  PRODUCE_E2E_PORTS,
  RedisSinkHarness,
  stats,
} from '../harness';

const eventsTopic = cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.engagementEvents);
/** The broker's message.max.bytes: Kafka's default, which scripts/stack and deploy/ keep. */
const BROKER_LIMIT = 1_048_588;

/** A dead letter as it may now be written: without its bytes, `original.omitted` says why. */
type Letter = DeadLetterRecordV1 & {
  original: { size_bytes?: number; omitted?: { reason: string; letter_bytes: number } };
};

/** Ids far above the table's sequence, unique to the run, for records produced by hand. */
const handMadeId = () => 9_000_000_000 + randomInt(0, 1_000_000_000);

/** A Debezium insert envelope as Connect writes it (schemas off), padded to `totalBytes` if given. */
function insertEnvelope(after: Record<string, unknown>, totalBytes?: number): Buffer {
  const envelope = (pad: string) =>
    JSON.stringify({
      before: null,
      after: { ...after, raw_payload: { pad } },
      source: { ts_ms: Date.now(), lsn: 1 },
      op: 'c',
      ts_ms: Date.now(),
    });
  if (totalBytes === undefined) {
    return Buffer.from(envelope(''));
  }
  const value = envelope('x'.repeat(totalBytes - Buffer.byteLength(envelope(''))));
  expect(Buffer.byteLength(value)).toBe(totalBytes);
  return Buffer.from(value);
}

/** The row id of a Debezium insert, or null for anything else on the topic. */
function insertedId(record: InboundRecord): number | null {
  try {
    return parseValue<{ after?: { id?: number } } | null>(record)?.after?.id ?? null;
  } catch {
    return null;
  }
}

const row = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  content_id: null,
  user_id: null,
  event_type: 'play',
  event_ts: '2026-11-22T10:15:30Z',
  duration_ms: 1_000,
  device: null,
  ...overrides,
});

describe('enrichment: no record or send too large for one produce request wedges the stream', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const enrichment = new EnrichmentHarness({
    name: 'oversized',
    port: PRODUCE_E2E_PORTS.enrichment,
  });
  const redis = new RedisSinkHarness({ name: 'oversized', port: PRODUCE_E2E_PORTS.redisSink });
  let sink: AppProcess;
  let cdc: TopicTail;
  let enriched: TopicTail;
  let deadLetters: TopicTail;

  beforeAll(async () => {
    await redis.placeAtEnd();
    cdc = await kafka.tail([eventsTopic]);
    enriched = await kafka.tail([Topics.enriched]);
    deadLetters = await kafka.tail([Topics.enrichmentDeadLetter]);
    await enrichment.start();
    sink = await redis.start();
  });

  afterAll(async () => {
    await redis.close();
    await enrichment.close();
    await kafka.close();
    await db.close();
  });

  const lettersOf = (offsets: readonly string[]) =>
    deadLetters.records.filter(
      (record) =>
        parseValue<Letter>(record).source.topic === eventsTopic &&
        offsets.includes(parseValue<Letter>(record).source.offset),
    );

  const injectedWithKey = (marker: string, count: number): Promise<InboundRecord[]> =>
    cdc.waitFor((record) => record.key?.toString() === marker, count, 60_000);

  it('dead-letters a 999,994-byte record without its bytes, with its coordinates, and the next event reaches Redis', async () => {
    const content = await db.insertContent(aContent({ length_seconds: 300 }));
    const omittedBefore = metricValue(
      await enrichment.metrics(),
      'cdc_dead_letter_payloads_omitted_total',
      { topic: Topics.enrichmentDeadLetter, source_topic: eventsTopic },
    );
    const marker = randomUUID();
    const id = handMadeId();
    // Accepted by the broker (under message.max.bytes); its dead letter, base64, is 1.33 MB.
    const huge = insertEnvelope(row(id, { event_type: 'skip' }), 999_994);
    await kafka.produce(eventsTopic, [{ key: marker, value: huge }]);
    const [injected] = await injectedWithKey(marker, 1);
    const eventTs = isoMicros(Date.now());
    const next = await db.insertEvent(
      anEvent({ content_id: content.id, duration_ms: 45_000, event_ts: eventTs }),
    );

    const totals = await waitUntil(
      async () =>
        (await stats(sink, content.id))?.events === 1 ? stats(sink, content.id) : undefined,
      'the next event in Redis',
      90_000,
    );
    expect(totals).toEqual({
      content_id: content.id,
      slug: content.slug,
      title: content.title,
      content_type: 'podcast',
      events: 1,
      events_by_type: { play: 1, pause: 0, finish: 0, click: 0 },
      engagement_seconds_sum: 45,
      engagement_seconds_count: 1,
      engagement_pct_sum: 15,
      engagement_pct_count: 1,
      engagement_pct_avg: 15,
      last_event_ts: eventTs,
    });
    expect((await enrichedByEventId(enriched, [next])).get(next)?.engagement_pct).toBe(15);

    const letters = lettersOf([injected!.offset]);
    expect(letters).toHaveLength(1);
    const letter = parseValue<Letter>(letters[0]!);
    expect(letter).toEqual({
      schema_version: 1,
      stage: 'enrichment',
      reason: 'unknown engagement_events.event_type "skip"',
      source: {
        topic: eventsTopic,
        partition: injected!.partition,
        offset: injected!.offset,
        timestamp: injected!.timestamp,
      },
      original: {
        key_base64: null,
        value_base64: null,
        headers: {},
        size_bytes: 999_994 + 36,
        omitted: {
          reason: `a record of ${letter.original.omitted?.letter_bytes} bytes (with its batch framing) is larger than the ${BROKER_LIMIT} bytes one produce may carry to a partition (KAFKA_PRODUCE_MAX_BYTES, the broker's message.max.bytes)`,
          letter_bytes: expect.any(Number),
        },
      },
      event_id: String(id),
      attempts: null,
      last_status: null,
      failed_at: expect.any(String),
    });
    expect(letter.original.omitted!.letter_bytes).toBeGreaterThan(1_333_000);
    expect(letters[0]!.key?.toString()).toBe(marker);
    expect(letters[0]!.headers['x-dead-letter-payload-omitted']).toBe('true');
    expect(
      metricValue(await enrichment.metrics(), 'cdc_dead_letter_payloads_omitted_total', {
        topic: Topics.enrichmentDeadLetter,
        source_topic: eventsTopic,
      }),
    ).toBe(omittedBefore + 1);
  });

  it('lands every dead letter of a fetch of invalid rows whose letters exceed one request, then enriches the next event', async () => {
    const marker = randomUUID();
    const ids = Array.from({ length: 45 }, handMadeId);
    // 45 x 22,000 bytes: one batch, so one fetch; their letters (base64) add up to 1.34 MB.
    const values = ids.map((id) => insertEnvelope(row(id, { event_type: 'skip' }), 22_000));
    const splitsBefore = metricValue(await enrichment.metrics(), 'cdc_produce_splits_total', {
      topic: Topics.enrichmentDeadLetter,
      cause: 'size',
    });
    await kafka.produce(
      eventsTopic,
      values.map((value) => ({ key: marker, value })),
    );
    const injected = await injectedWithKey(marker, 45);
    const valid = await db.insertEvent(anEvent({ duration_ms: 2_500 }));

    expect(
      (await enrichedByEventId(enriched, [valid], 90_000)).get(valid)?.engagement_seconds,
    ).toBe(2.5);
    const offsets = injected.map((record) => record.offset);
    const letters = (
      await deadLetters.waitFor((record) => record.key?.toString() === marker, 45)
    ).map((record) => parseValue<Letter>(record));
    expect(letters.map((letter) => letter.source.offset)).toEqual(offsets);
    expect(letters.map((letter) => letter.event_id)).toEqual(ids.map(String));
    expect(letters.map((letter) => letter.original.omitted)).toEqual(ids.map(() => undefined));
    letters.forEach((letter, index) => {
      expect(Buffer.from(letter.original.value_base64!, 'base64')).toEqual(values[index]);
      expect(letter.original.size_bytes).toBe(22_000 + 36);
    });
    expect(lettersOf(offsets)).toHaveLength(45);
    expect(
      metricValue(await enrichment.metrics(), 'cdc_produce_splits_total', {
        topic: Topics.enrichmentDeadLetter,
        cause: 'size',
      }),
    ).toBeGreaterThan(splitsBefore);
  });

  it('publishes, complete, a fetch of one hot content whose enriched records exceed one request in its partition', async () => {
    // A long title rides on every enriched record: 300 events of 1 KB in the CDC topic become
    // about 1.5 MB of enriched records for one key, so one partition, in one fetch.
    const content = await db.insertContent(
      aContent({ title: `Hot ${'t'.repeat(4_000)}`, length_seconds: 100 }),
    );
    const warmup = await db.insertEvent(anEvent({ content_id: content.id, duration_ms: 1_000 }));
    await enrichedByEventId(enriched, [warmup], 60_000);
    await enrichment.stop();
    const ids = await db.insertEvents(
      Array.from({ length: 300 }, (_, index) =>
        anEvent({
          content_id: content.id,
          duration_ms: 1_000 * (index + 1),
          raw_payload: { position: index, note: 'n'.repeat(400) },
        }),
      ),
    );
    const wanted = new Set(ids);
    // All 300 are in the CDC topic before enrichment starts, so its first fetch holds them.
    await cdc.waitFor((record) => wanted.has(String(insertedId(record))), 300, 60_000);
    await enrichment.start();

    const byId = await enrichedByEventId(enriched, ids, 90_000);
    expect([...byId.keys()].sort()).toEqual([...ids].sort());
    expect(ids.map((id) => byId.get(id)?.engagement_seconds)).toEqual(
      ids.map((_, index) => index + 1),
    );
    const records = enriched.records.filter((record) =>
      wanted.has(record.headers[RecordHeaders.eventId] ?? ''),
    );
    expect(records).toHaveLength(300);
    expect(new Set(records.map((record) => record.partition)).size).toBe(1);
    const bytes = records.reduce((sum, record) => sum + (record.value?.length ?? 0), 0);
    expect(bytes).toBeGreaterThan(BROKER_LIMIT);
    expect(
      metricValue(await enrichment.metrics(), 'cdc_produce_splits_total', {
        topic: Topics.enriched,
        cause: 'size',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('dead-letters an event whose enriched record alone is too large, counts it, and goes on', async () => {
    // The CDC record fits (1,000,000 bytes); with its content's 60,000-character title the
    // enriched record does not.
    const content = await db.insertContent(
      aContent({ title: 'T'.repeat(60_000), length_seconds: 100 }),
    );
    const warmup = await db.insertEvent(anEvent({ content_id: content.id, duration_ms: 1_000 }));
    await enrichedByEventId(enriched, [warmup], 60_000);
    const outcome = async () =>
      metricValue(await enrichment.metrics(), 'cdc_enrichment_events_total', {
        outcome: 'dead_lettered',
      });
    const deadBefore = await outcome();
    const marker = randomUUID();
    const id = handMadeId();
    await kafka.produce(eventsTopic, [
      { key: marker, value: insertEnvelope(row(id, { content_id: content.id }), 1_000_000) },
    ]);
    const [injected] = await injectedWithKey(marker, 1);
    const next = await db.insertEvent(anEvent({ content_id: content.id, duration_ms: 5_000 }));

    expect((await enrichedByEventId(enriched, [next], 90_000)).get(next)?.engagement_seconds).toBe(
      5,
    );
    const [record] = await deadLetters.waitFor((r) => r.key?.toString() === marker, 1);
    const letter = parseValue<Letter>(record!);
    expect(letter.reason).toMatch(
      new RegExp(
        `^the enriched event cannot be produced to ${Topics.enriched.replace(/\./g, '\\.')}: a record of (\\d+) bytes \\(with its batch framing\\) is larger than the ${BROKER_LIMIT} bytes`,
      ),
    );
    expect(Number(/a record of (\d+) bytes/.exec(letter.reason)![1])).toBeGreaterThan(BROKER_LIMIT);
    expect([letter.event_id, letter.source.offset, letter.original.size_bytes]).toEqual([
      String(id),
      injected!.offset,
      1_000_000 + 36,
    ]);
    // Its CDC record, base64, does not fit in a letter either: the letter goes without it.
    expect(letter.original.value_base64).toBeNull();
    expect(letter.original.omitted?.letter_bytes).toBeGreaterThan(1_333_000);
    expect(lettersOf([injected!.offset])).toHaveLength(1);
    expect(enriched.records.some((r) => r.headers[RecordHeaders.eventId] === String(id))).toBe(
      false,
    );
    expect(await outcome()).toBe(deadBefore + 1);
  });
});
