import {
  type BatchWriter,
  BigQueryWriteMetrics,
  type EngagementTable,
  rowBytes,
  type SinkRow,
  toRowParams,
} from '@cdc/bigquery-store';
import { type EnrichedEngagementEventV1, Topics } from '@cdc/contracts';
import type { BatchContext } from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';
import type { SinkRecord } from '@cdc/sink-runtime';

import { BigquerySinkConfig } from './bigquery-sink.config';
import { BigquerySinkTask } from './bigquery-sink.task';

const base: EnrichedEngagementEventV1 = {
  schema_version: 1,
  event_id: '1',
  content_id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  user_id: null,
  event_type: 'play',
  event_ts: '2026-11-22T10:15:30.123456Z',
  duration_ms: 7000,
  device: 'web',
  raw_payload: { a: 1 },
  content_slug: 'deep-dive',
  content_title: 'Deep Dive',
  content_type: 'video',
  length_seconds: 1800,
  publish_ts: '2026-01-02T03:04:05.000000Z',
  engagement_seconds: 7,
  engagement_pct: 0.39,
  source_ts_ms: null,
  source_lsn: null,
  enriched_at: '2026-11-22T10:15:31.000Z',
  origin: 'backfill',
};

function sinkRecord(offset: string, overrides: Partial<EnrichedEngagementEventV1>): SinkRecord {
  const event = { ...base, event_id: offset, ...overrides };
  return {
    record: {
      topic: Topics.enriched,
      partition: 0,
      offset,
      key: null,
      value: Buffer.from(JSON.stringify(event)),
      headers: {},
      timestamp: '0',
    },
    event,
  };
}

const context = {
  topic: Topics.enriched,
  partition: 0,
  heartbeat: async () => undefined,
  isActive: () => true,
  signal: new AbortController().signal,
} satisfies BatchContext;

function harness(settings: Partial<BigquerySinkConfig>) {
  const written: string[][] = [];
  const writer = {
    write: async (rows: readonly SinkRow[]) => {
      written.push(rows.map(({ record }) => record.offset));
    },
  } as unknown as BatchWriter;
  const config = Object.assign(new BigquerySinkConfig(), settings);
  const table = {} as EngagementTable;
  const task = new BigquerySinkTask(
    config,
    writer,
    new BigQueryWriteMetrics(new MetricsRegistry()),
    table,
  );
  return { task, written };
}

describe('BigquerySinkTask', () => {
  // The largest row accepted: the event at offset 1, measured as the batch measures it.
  const limit = rowBytes(toRowParams({ ...base, event_id: '1' }));

  it('rejects an unparseable event_ts and a row over the limit with their reasons, and defers the rest until written', async () => {
    const { task, written } = harness({
      BIGQUERY_MAX_ROW_BYTES: limit,
      BIGQUERY_BATCH_MAX_WAIT_MS: 0,
    });
    const oversized = sinkRecord('3', { raw_payload: { blob: 'x'.repeat(100) } });

    const result = await task.put(
      [sinkRecord('1', {}), sinkRecord('2', { event_ts: 'yesterday' }), oversized],
      context,
    );

    expect(
      result.rejected?.map(({ record, reason }) => ({ offset: record.offset, reason })),
    ).toEqual([
      { offset: '2', reason: 'event_ts yesterday is not a valid timestamp' },
      {
        offset: '3',
        reason: `row too large: ${rowBytes(toRowParams(oversized.event))} bytes, over the ${limit}-byte limit (BIGQUERY_MAX_ROW_BYTES; a BigQuery query request carries at most 10 MB)`,
      },
    ]);
    expect(result.deferred?.map(({ record }) => record.offset)).toEqual(['1']);
    await result.deferred?.[0]?.settled;
    expect(written).toEqual([['1']]);
    task.onApplicationShutdown();
  });

  it('measures rows against BIGQUERY_BATCH_MAX_BYTES when that is the lower limit', async () => {
    const { task } = harness({
      BIGQUERY_MAX_ROW_BYTES: 1_000_000,
      BIGQUERY_BATCH_MAX_BYTES: 1_024,
    });
    const oversized = sinkRecord('4', { raw_payload: { blob: 'x'.repeat(1_024) } });

    const result = await task.put([oversized], context);

    expect(result.rejected?.map(({ reason }) => reason)).toEqual([
      `row too large: ${rowBytes(toRowParams(oversized.event))} bytes, over the 1024-byte limit (BIGQUERY_MAX_ROW_BYTES; a BigQuery query request carries at most 10 MB)`,
    ]);
    task.onApplicationShutdown();
  });

  it('leaves pending rows unwritten once it is shut down', async () => {
    const { task, written } = harness({ BIGQUERY_BATCH_MAX_WAIT_MS: 50 });
    let done = false;

    const result = await task.put([sinkRecord('5', {})], context);
    void result.deferred?.[0]?.settled.then(() => (done = true));
    task.onApplicationShutdown();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(written).toEqual([]);
    expect(done).toBe(false);
  });
});
