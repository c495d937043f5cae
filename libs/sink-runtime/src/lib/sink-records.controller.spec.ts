import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import type { BatchContext, DeadLetter, DeadLetterPublisher, InboundRecord } from '@cdc/kafka';
import { ConsumerConfig } from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';

import { SinkDeadLetters } from './sink-dead-letters';
import { SinkMetrics } from './sink-metrics';
import { SinkRecordsController } from './sink-records.controller';
import type { SinkPutResult, SinkRecord, SinkTask } from './sink-task';

const event: EnrichedEngagementEventV1 = {
  schema_version: 1,
  event_id: '42',
  content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  user_id: null,
  event_type: 'finish',
  event_ts: '2026-11-22T10:15:30.123456Z',
  duration_ms: 180000,
  device: null,
  raw_payload: { a: 1 },
  content_slug: 'deep-dive',
  content_title: 'Deep Dive',
  content_type: 'video',
  length_seconds: 1800,
  publish_ts: '2026-01-02T03:04:05.000000Z',
  engagement_seconds: 180,
  engagement_pct: 10,
  source_ts_ms: 1763806530123,
  source_lsn: 987,
  enriched_at: '2026-11-22T10:15:30.500Z',
  origin: 'cdc',
};

function record(
  offset: string,
  value: unknown,
  headers: Record<string, string> = {},
): InboundRecord {
  return {
    topic: 'engagement.enriched.v1',
    partition: 0,
    offset,
    key: null,
    value: Buffer.from(JSON.stringify(value)),
    headers: { 'x-event-id': String(offset), ...headers },
    timestamp: '0',
  };
}

const context = {
  topic: 'engagement.enriched.v1',
  partition: 0,
  heartbeat: async () => undefined,
  isActive: () => true,
  signal: new AbortController().signal,
} satisfies BatchContext;

function harness(put: (records: readonly SinkRecord[]) => Promise<SinkPutResult | void>) {
  const sent: { topic: string; stage: string; letters: readonly DeadLetter[] }[] = [];
  const publisher = {
    send: async (topic: string, stage: string, letters: readonly DeadLetter[]) => {
      sent.push({ topic, stage, letters });
    },
  } as unknown as DeadLetterPublisher;
  const registry = new MetricsRegistry();
  const options = { sink: 'redis' as const, deadLetterTopic: 'engagement.redis-sink.dlq.v1' };
  const metrics = new SinkMetrics(registry, options);
  const deadLetters = new SinkDeadLetters(publisher, metrics, new ConsumerConfig(), options);
  const task: SinkTask = { put };
  const controller = new SinkRecordsController(task, options, metrics, deadLetters);
  const outcome = async (name: string) =>
    (await registry.registry.getSingleMetric('cdc_sink_events_total')?.get())?.values.find(
      (value) => value.labels['outcome'] === name && value.labels['sink'] === 'redis',
    )?.value ?? 0;
  return { controller, sent, outcome };
}

describe('SinkRecordsController', () => {
  it('gives the task only the records aimed at its sink that pass the contract', async () => {
    const given: string[] = [];
    const { controller, sent, outcome } = harness(async (records) => {
      given.push(
        ...records.map(({ record, event: { event_id } }) => `${record.offset}:${event_id}`),
      );
    });
    await controller.put(
      [
        record('1', event),
        record('2', { ...event, event_id: '43' }, { 'x-target-sinks': 'bigquery' }),
        record('3', { ...event, event_id: '44', device: undefined }),
        record('4', { ...event, event_id: '45' }, { 'x-target-sinks': 'bigquery,redis' }),
      ],
      context,
    );
    expect(given).toEqual(['1:42', '4:45']);
    expect(await outcome('not_targeted')).toBe(1);
    expect(await outcome('invalid')).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.topic).toBe('engagement.redis-sink.dlq.v1');
    expect(sent[0]?.stage).toBe('redis-sink');
    expect(
      sent[0]?.letters.map(({ record: { offset }, reason, eventId }) => ({
        offset,
        reason,
        eventId,
      })),
    ).toEqual([
      {
        offset: '3',
        reason: 'not a valid engagement.enriched.v1 event: device is missing',
        eventId: '3',
      },
    ]);
  });

  it('dead-letters what the task rejects and defers what it defers', async () => {
    const later = Promise.resolve();
    const { controller, sent, outcome } = harness(async (records) => ({
      rejected: [{ record: records[0]!.record, reason: 'row too large' }],
      deferred: [{ record: records[1]!.record, settled: later }],
    }));
    const result = await controller.put([record('7', event), record('8', event)], context);
    expect(result.deferred).toEqual([{ offset: '8', settled: later }]);
    expect(sent.map(({ letters }) => letters.map(({ reason }) => reason))).toEqual([
      ['row too large'],
    ]);
    expect(await outcome('dead_lettered')).toBe(1);
  });

  it('lets a failing task fail the batch, dead-lettering nothing', async () => {
    const { controller, sent } = harness(async () => {
      throw new Error('redis down');
    });
    await expect(
      controller.put([record('9', event), record('10', { nope: 1 })], context),
    ).rejects.toThrow('redis down');
    expect(sent).toEqual([]);
  });
});
