import { MetricsRegistry } from '@cdc/platform';

import { DeadLetterPublisher } from './dead-letter-publisher';
import { KafkaConfig } from './kafka.config';
import type { KafkaClient } from './kafka-client';
import { KafkaMetrics } from './kafka-metrics';
import type { InboundRecord, OutboundRecord } from './kafka-records';
import { OversizedRecordsError, RecordPublisher } from './record-publisher';

interface FakeSend {
  producer: number;
  topic: string;
  values: string[];
}

/**
 * A kafkajs stand-in whose broker refuses, as MESSAGE_TOO_LARGE, any send whose values add up to
 * more than `brokerLimit` characters, as a broker with a lower limit than the config would.
 */
function fakeKafka(brokerLimit: number) {
  const sends: FakeSend[] = [];
  let producers = 0;
  const disconnected: number[] = [];
  const client = {
    kafka: {
      producer: () => {
        const id = ++producers;
        return {
          connect: async () => undefined,
          disconnect: async () => void disconnected.push(id),
          send: async ({ topic, messages }: { topic: string; messages: OutboundRecord[] }) => {
            const values = messages.map((message) => String(message.value));
            if (values.join('').length > brokerLimit) {
              throw Object.assign(new Error('The request included a message larger than the max'), {
                name: 'KafkaJSProtocolError',
                type: 'MESSAGE_TOO_LARGE',
                code: 10,
                retriable: false,
              });
            }
            sends.push({ producer: id, topic, values });
          },
        };
      },
    },
  } as unknown as KafkaClient;
  return { client, sends, disconnected };
}

function publisher(maxBytes: number, brokerLimit = Number.MAX_SAFE_INTEGER) {
  const fake = fakeKafka(brokerLimit);
  const registry = new MetricsRegistry();
  const metrics = new KafkaMetrics(registry);
  const config = Object.assign(new KafkaConfig(), { KAFKA_PRODUCE_MAX_BYTES: maxBytes });
  const under = new RecordPublisher(fake.client, metrics, config);
  const counter = async (name: string) =>
    Object.fromEntries(
      ((await registry.registry.getSingleMetric(name)?.get())?.values ?? []).map((value) => [
        Object.values(value.labels).join(','),
        value.value,
      ]),
    );
  return { under, ...fake, metrics, counter };
}

const values = (...lengths: number[]): OutboundRecord[] =>
  lengths.map((length, index) => ({ key: null, value: String(index % 10).repeat(length) }));

describe('RecordPublisher: sends cut by size', () => {
  it('sends a batch that fits in one request', async () => {
    const { under, sends, counter } = publisher(1_048_588);
    await under.publish('t', values(10, 10, 10));
    expect(sends.map((send) => send.values.length)).toEqual([3]);
    expect(await counter('cdc_produce_splits_total')).toEqual({});
  });

  it('cuts a send over KAFKA_PRODUCE_MAX_BYTES into requests under it, in order, and counts the cuts', async () => {
    const { under, sends, counter } = publisher(61 + 3 * (1_000 + 36));
    const records = values(...Array.from({ length: 7 }, () => 1_000));
    await under.publish('t', records);
    expect(sends.map((send) => send.values.length)).toEqual([3, 3, 1]);
    expect(sends.flatMap((send) => send.values)).toEqual(records.map((r) => r.value));
    expect(await counter('cdc_produce_splits_total')).toEqual({ 't,size': 2 });
    expect(await counter('cdc_records_produced_total')).toEqual({ t: 7 });
  });

  it('halves a send the broker refuses as too large until every half passes, with a new producer', async () => {
    // The config allows everything; the broker takes at most 2,500 characters a request.
    const { under, sends, disconnected, counter } = publisher(1_048_588, 2_500);
    const records = values(1_000, 1_000, 1_000, 1_000, 1_000);
    await under.publish('t', records);
    // 5 refused -> 3 refused -> 2 and 1 pass; then 2 pass.
    expect(sends.map((send) => send.values.length)).toEqual([2, 1, 2]);
    expect(sends.flatMap((send) => send.values)).toEqual(records.map((r) => r.value));
    // Each refusal retires the producer whose sequences kafkajs rolled back.
    expect(sends.map((send) => send.producer)).toEqual([3, 3, 3]);
    expect(disconnected).toEqual([1, 2]);
    expect(await counter('cdc_produce_splits_total')).toEqual({ 't,rejected': 2 });
  });

  it('sets aside a record the broker refuses even alone, sending the rest', async () => {
    const { under, sends, counter } = publisher(1_048_588, 2_500);
    const records = values(100, 3_000, 100);
    const oversized = await under.publishSettingAside('t', records);
    expect(oversized).toEqual([
      {
        index: 1,
        bytes: 61 + 36 + 3_000,
        reason:
          'the broker refused a record of 3097 bytes as too large (KafkaJSProtocolError: The request included a message larger than the max); ' +
          "the topic's max.message.bytes is below KAFKA_PRODUCE_MAX_BYTES",
      },
    ]);
    expect(sends.flatMap((send) => send.values)).toEqual([records[0]!.value, records[2]!.value]);
    expect(await counter('cdc_produce_oversized_records_total')).toEqual({ t: 1 });
  });

  it('sets aside, without sending it, a record larger than KAFKA_PRODUCE_MAX_BYTES alone', async () => {
    const { under, sends } = publisher(5_000);
    const oversized = await under.publishSettingAside('t', values(100, 6_000, 100));
    expect(oversized).toEqual([
      {
        index: 1,
        bytes: 6_097,
        reason:
          "a record of 6097 bytes (with its batch framing) is larger than the 5000 bytes one produce may carry to a partition (KAFKA_PRODUCE_MAX_BYTES, the broker's message.max.bytes)",
      },
    ]);
    expect(sends.map((send) => send.values.length)).toEqual([2]);
  });

  it('publish() sends what fits and then throws an error naming each record that cannot', async () => {
    const { under, sends } = publisher(5_000);
    await expect(under.publish('t', values(100, 6_000))).rejects.toThrow(
      new OversizedRecordsError('t', [
        {
          index: 1,
          bytes: 6_097,
          reason:
            "a record of 6097 bytes (with its batch framing) is larger than the 5000 bytes one produce may carry to a partition (KAFKA_PRODUCE_MAX_BYTES, the broker's message.max.bytes)",
        },
      ]).message,
    );
    expect(sends.map((send) => send.values.length)).toEqual([1]);
  });

  it('passes other errors through untouched', async () => {
    const { under, client } = publisher(1_048_588);
    const producer = client.kafka.producer();
    (client.kafka as unknown as { producer: () => unknown }).producer = () => ({
      ...producer,
      send: async () => {
        throw Object.assign(new Error('leader moved'), { name: 'KafkaJSProtocolError', code: 6 });
      },
    });
    await expect(under.publish('t', values(10))).rejects.toThrow('leader moved');
  });
});

describe('DeadLetterPublisher: letters too large to produce', () => {
  const inbound = (offset: string, valueBytes: number): InboundRecord => ({
    topic: 'cdc.public.engagement_events',
    partition: 0,
    offset,
    key: Buffer.from('{"id":1}'),
    value: Buffer.alloc(valueBytes, 'a'),
    headers: { h: 'v' },
    timestamp: '1700000000000',
  });

  it('sends every letter; one too large with its bytes goes without them, with coordinates and size', async () => {
    const { under, sends, metrics, counter } = publisher(20_000);
    const letters = new DeadLetterPublisher(under, metrics);
    await letters.send('dlq', 'enrichment', [
      { record: inbound('7', 100), reason: 'bad', eventId: '41' },
      { record: inbound('8', 16_000), reason: 'worse', eventId: '42' },
      { record: inbound('9', 100), reason: 'bad', eventId: null },
    ]);
    const sent = sends.flatMap((send) => send.values.map((value) => JSON.parse(value)));
    expect(sent.map((letter) => letter.source.offset)).toEqual(['7', '9', '8']);
    const small = sent[0];
    expect(small.original).toEqual({
      key_base64: Buffer.from('{"id":1}').toString('base64'),
      value_base64: Buffer.alloc(100, 'a').toString('base64'),
      headers: { h: 'v' },
      size_bytes: 108,
    });
    const omitted = sent[2];
    expect(omitted).toEqual({
      schema_version: 1,
      stage: 'enrichment',
      reason: 'worse',
      source: {
        topic: 'cdc.public.engagement_events',
        partition: 0,
        offset: '8',
        timestamp: '1700000000000',
      },
      original: {
        key_base64: null,
        value_base64: null,
        headers: {},
        size_bytes: 16_008,
        omitted: {
          reason: expect.stringMatching(/^a record of \d+ bytes .* larger than the 20000 bytes/),
          letter_bytes: expect.any(Number),
        },
      },
      event_id: '42',
      attempts: null,
      last_status: null,
      failed_at: expect.any(String),
    });
    expect(omitted.original.omitted.letter_bytes).toBeGreaterThan(20_000);
    expect(await counter('cdc_records_dead_lettered_total')).toEqual({
      'dlq,cdc.public.engagement_events': 3,
    });
    expect(await counter('cdc_dead_letter_payloads_omitted_total')).toEqual({
      'dlq,cdc.public.engagement_events': 1,
    });
  });
});
