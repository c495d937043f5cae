import { type EnrichedEngagementEventV1, Topics } from '@cdc/contracts';
import { ConsumerConfig, type DeadLetter, type DeadLetterPublisher } from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';
import { SinkDeadLetters, SinkMetrics } from '@cdc/sink-runtime';

import { BatchWriter, type SinkRow } from './batch-writer';
import { BigQueryConfig } from './bigquery.config';
import { BigQueryWriteMetrics } from './bigquery-write.metrics';
import { type EngagementRowParams, toRowParams } from './engagement-row';
import type { EngagementTable } from './engagement-table';

function event(
  eventId: string,
  eventTs = '2026-11-22T10:15:30.123456Z',
): EnrichedEngagementEventV1 {
  return {
    schema_version: 1,
    event_id: eventId,
    content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
    user_id: null,
    event_type: 'finish',
    event_ts: eventTs,
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
    source_ts_ms: Date.now() - 1_000,
    source_lsn: 987,
    enriched_at: '2026-11-22T10:15:30.500Z',
    origin: 'cdc',
  };
}

/** A row of event `id`, read from offset `offset` of partition 0. */
function sinkRow(id: string, offset = id, eventTs?: string): SinkRow {
  const value = event(id, eventTs);
  return {
    record: {
      topic: Topics.enriched,
      partition: 0,
      offset,
      key: null,
      value: Buffer.from(JSON.stringify(value)),
      headers: { 'x-event-id': id },
      timestamp: '0',
    },
    event: value,
    row: toRowParams(value),
  };
}

/** What the client throws for a value that does not fit its column (see bigquery-errors.ts). */
function int64Rejection(): Error {
  return Object.assign(new Error('Query error: Bad int64 value'), {
    code: 400,
    errors: [{ reason: 'invalidQuery', message: 'Bad int64 value: 100000000000000000000' }],
  });
}

function backendError(): Error {
  return Object.assign(new Error('Backend error'), {
    code: 503,
    errors: [{ reason: 'backendError', message: 'Backend error. Please try again.' }],
  });
}

/** A table whose MERGE is `insert`, recording the event ids of every call. */
function harness(insert: (ids: string[], call: number) => Promise<number>, maxSpanHours = 24) {
  const calls: string[][] = [];
  let ensured = 0;
  const table = {
    name: 'engagement-local.e2e.engagement_events',
    insertMissing: async (rows: readonly EngagementRowParams[]) => {
      const ids = rows.map((row) => row.event_id ?? '');
      calls.push(ids);
      return insert(ids, calls.length);
    },
    ensure: async () => {
      ensured += 1;
      return { created: true, warnings: [] };
    },
  } as unknown as EngagementTable;
  const sent: { topic: string; stage: string; letters: readonly DeadLetter[] }[] = [];
  const publisher = {
    send: async (topic: string, stage: string, letters: readonly DeadLetter[]) => {
      sent.push({ topic, stage, letters });
    },
  } as unknown as DeadLetterPublisher;
  const registry = new MetricsRegistry();
  const options = { sink: 'bigquery' as const, deadLetterTopic: Topics.bigquerySinkDeadLetter };
  const retry = Object.assign(new ConsumerConfig(), { RETRY_INITIAL_MS: 1, RETRY_MAX_MS: 5 });
  const sinkMetrics = new SinkMetrics(registry, options);
  const writer = new BatchWriter(
    table,
    new SinkDeadLetters(publisher, sinkMetrics, retry, options),
    sinkMetrics,
    new BigQueryWriteMetrics(registry),
    retry,
    Object.assign(new BigQueryConfig(), {
      BIGQUERY_PROJECT_ID: 'engagement-local',
      BIGQUERY_MERGE_MAX_SPAN_HOURS: maxSpanHours,
    }),
  );
  const value = async (name: string, labels: Record<string, string> = {}) =>
    (await registry.registry.getSingleMetric(name)?.get())?.values.find((sample) =>
      Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted),
    )?.value ?? 0;
  const outcome = (name: string) =>
    value('cdc_sink_events_total', { sink: 'bigquery', outcome: name });
  const latencyCount = async () =>
    (
      await registry.registry.getSingleMetric('cdc_commit_to_sink_latency_seconds')?.get()
    )?.values.find(
      (sample) =>
        'metricName' in sample &&
        sample.metricName === 'cdc_commit_to_sink_latency_seconds_count' &&
        sample.labels['sink'] === 'bigquery',
    )?.value ?? 0;
  return { writer, calls, sent, value, outcome, latencyCount, ensured: () => ensured };
}

describe('BatchWriter', () => {
  it('splits a rejected batch in halves until the bad row is alone, writes its neighbours and dead-letters only that row', async () => {
    const { writer, calls, sent, value, outcome, latencyCount } = harness(async (ids) => {
      if (ids.includes('3')) {
        throw int64Rejection();
      }
      return ids.length;
    });

    await writer.write(['1', '2', '3', '4', '5'].map((id) => sinkRow(id)));

    expect(calls).toEqual([
      ['1', '2', '3', '4', '5'],
      ['1', '2', '3'],
      ['1', '2'],
      ['3'],
      ['4', '5'],
    ]);
    expect(await value('cdc_bigquery_sink_merge_failures_total', { kind: 'rejected' })).toBe(3);
    expect(await outcome('written')).toBe(4);
    expect(await outcome('dead_lettered')).toBe(1);
    // Latency of the four first writes: each of their MERGEs inserted every row it carried.
    expect(await latencyCount()).toBe(4);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.topic).toBe('engagement.bigquery-sink.dlq.v1');
    expect(sent[0]?.stage).toBe('bigquery-sink');
    expect(
      sent[0]?.letters.map(({ record: { offset }, reason, eventId }) => ({
        offset,
        reason,
        eventId,
      })),
    ).toEqual([
      {
        offset: '3',
        reason: 'BigQuery rejected the row: invalidQuery: Bad int64 value: 100000000000000000000',
        eventId: '3',
      },
    ]);
  });

  it('dead-letters every record of a rejected event id that came twice in the batch', async () => {
    const { writer, calls, sent, outcome } = harness(async (ids) => {
      if (ids.includes('2')) {
        throw int64Rejection();
      }
      return ids.length;
    });

    await writer.write([sinkRow('1', '10'), sinkRow('2', '11'), sinkRow('2', '12')]);

    expect(calls).toEqual([['1', '2'], ['1'], ['2']]);
    expect(sent.flatMap(({ letters }) => letters.map(({ record }) => record.offset))).toEqual([
      '11',
      '12',
    ]);
    expect(await outcome('duplicate')).toBe(1);
    expect(await outcome('written')).toBe(1);
    expect(await outcome('dead_lettered')).toBe(2);
  });

  it('retries a transient failure with the same rows until the MERGE succeeds', async () => {
    const { writer, calls, sent, value, outcome } = harness(async (ids, call) => {
      if (call <= 2) {
        throw backendError();
      }
      return ids.length;
    });

    await writer.write(['7', '8', '9'].map((id) => sinkRow(id)));

    expect(calls).toEqual([
      ['7', '8', '9'],
      ['7', '8', '9'],
      ['7', '8', '9'],
    ]);
    expect(await value('cdc_bigquery_sink_merge_failures_total', { kind: 'transient' })).toBe(2);
    expect(await value('cdc_bigquery_sink_merge_failures_total', { kind: 'rejected' })).toBe(0);
    expect(await outcome('written')).toBe(3);
    expect(await outcome('dead_lettered')).toBe(0);
    expect(sent).toEqual([]);
  });

  it.each([
    [
      'a full DML queue (400 resourcesExceeded)',
      'dml_queue_full',
      Object.assign(new Error('Resources exceeded'), {
        code: 400,
        errors: [
          {
            reason: 'resourcesExceeded',
            message:
              'Resources exceeded during query execution: Too many DML statements outstanding against table p:d.t, limit is 20.',
          },
        ],
      }),
    ],
    [
      'a rate limit sent as a 400',
      'rate_limit',
      Object.assign(new Error('Exceeded rate limits'), {
        code: 400,
        errors: [{ reason: 'jobRateLimitExceeded', message: 'Job exceeded rate limits' }],
      }),
    ],
  ])(
    'retries %s with the same rows, never splitting or dead-lettering',
    async (_what, cause, error) => {
      const { writer, calls, sent, value, outcome } = harness(async (ids, call) => {
        if (call === 1) {
          throw error;
        }
        return ids.length;
      });

      await writer.write(['1', '2', '3'].map((id) => sinkRow(id)));

      expect(calls).toEqual([
        ['1', '2', '3'],
        ['1', '2', '3'],
      ]);
      expect(
        await value('cdc_bigquery_sink_merge_failures_total', { kind: 'transient', cause }),
      ).toBe(1);
      expect(await outcome('written')).toBe(3);
      expect(sent).toEqual([]);
    },
  );

  it('writes a batch as one MERGE per cluster of event_ts within the span, in time order', async () => {
    const { writer, calls, outcome } = harness(async (ids) => ids.length, 1);

    await writer.write([
      sinkRow('1', '1', '2026-11-22T10:00:00.000000Z'),
      sinkRow('2', '2', '2100-01-01T00:00:00.000000Z'),
      sinkRow('3', '3', '2026-11-22T10:59:59.999999Z'),
      sinkRow('4', '4', '1970-01-01T00:00:00.000000Z'),
      sinkRow('5', '5', '2026-11-22T11:00:00.000001Z'),
      sinkRow('1', '6', '2026-11-22T10:00:00.000000Z'),
    ]);

    expect(calls).toEqual([['4'], ['1', '3'], ['5'], ['2']]);
    expect(await outcome('written')).toBe(5);
    expect(await outcome('duplicate')).toBe(1);
  });

  it('recreates a table deleted under it before the next attempt', async () => {
    const { writer, calls, ensured } = harness(async (ids, call) => {
      if (call === 1) {
        throw Object.assign(new Error('Not found: Table'), { code: 404 });
      }
      return ids.length;
    });

    await writer.write([sinkRow('1')]);

    expect(calls).toEqual([['1'], ['1']]);
    expect(ensured()).toBe(1);
  });

  it('counts rows already in the table as duplicates and observes no latency for a replayed batch', async () => {
    const { writer, outcome, latencyCount } = harness(async () => 1);

    await writer.write(['1', '2', '3'].map((id) => sinkRow(id)));

    expect(await outcome('written')).toBe(1);
    expect(await outcome('duplicate')).toBe(2);
    expect(await latencyCount()).toBe(0);
  });

  it('gives up when it stops, so that the batch stays uncommitted', async () => {
    const { writer, calls, outcome } = harness(async (_ids, call) => {
      if (call === 2) {
        writer.stop();
      }
      throw backendError();
    });

    await expect(writer.write([sinkRow('1')])).rejects.toThrow('Backend error');

    expect(calls).toHaveLength(2);
    expect(await outcome('written')).toBe(0);
  });
});
