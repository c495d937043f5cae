// kafkajs' own encoder of the batch format, to check the bound against the bytes it writes.
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: { records: unknown[] }) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, string>;
}) => unknown;

import type { OutboundRecord } from './kafka-records';
import {
  BATCH_OVERHEAD_BYTES,
  chunkBySize,
  isTooLargeError,
  recordBytes,
  soloBatchBytes,
} from './produce-size';

async function encodedBatchBytes(records: readonly OutboundRecord[]): Promise<number> {
  const encoded = await RecordBatch({
    records: records.map((record, index) =>
      Record({
        offsetDelta: index,
        timestampDelta: 0,
        key: record.key,
        value: record.value,
        headers: record.headers ?? {},
      }),
    ),
  });
  return encoded.buffer.length;
}

const record = (valueBytes: number, headers: Record<string, string> = {}): OutboundRecord => ({
  key: 'content-1',
  value: 'x'.repeat(valueBytes),
  headers,
});

describe('recordBytes', () => {
  it('bounds from above, within a few bytes a record, what kafkajs writes for a batch', async () => {
    const records: OutboundRecord[] = [
      record(10),
      record(300, { 'x-event-id': '42', 'x-origin': 'cdc' }),
      { key: null, value: Buffer.alloc(70_000), headers: { 'x-schema': 'é'.repeat(40) } },
      { key: Buffer.from('k'), value: null },
    ];
    const estimate = BATCH_OVERHEAD_BYTES + records.reduce((sum, r) => sum + recordBytes(r), 0);
    const actual = await encodedBatchBytes(records);
    expect(estimate).toBeGreaterThanOrEqual(actual);
    expect(estimate - actual).toBeLessThanOrEqual(records.length * 40);
  });

  it('counts a 999,994-byte record as fitting under the broker default of 1,048,588', async () => {
    const big = { key: null, value: Buffer.alloc(999_994) };
    expect(soloBatchBytes(big)).toBeLessThanOrEqual(1_048_588);
    expect(await encodedBatchBytes([big])).toBeLessThanOrEqual(soloBatchBytes(big));
  });
});

describe('chunkBySize', () => {
  it('keeps a send that fits in one chunk', () => {
    expect(chunkBySize([record(10), record(10), record(10)], 1_048_588)).toEqual({
      chunks: [[0, 1, 2]],
      oversized: [],
    });
  });

  it('cuts records, in order, into the fewest runs under the limit, each within it', () => {
    const records = Array.from({ length: 10 }, () => record(1_000));
    const perRecord = recordBytes(records[0]!);
    const limit = BATCH_OVERHEAD_BYTES + 3 * perRecord;
    const { chunks, oversized } = chunkBySize(records, limit);
    expect(chunks).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(oversized).toEqual([]);
  });

  it('sets aside a record too large alone, naming its size, and chunks the rest around it', () => {
    const records = [record(100), record(5_000), record(100), record(100)];
    const limit = BATCH_OVERHEAD_BYTES + 2 * recordBytes(records[0]!);
    expect(chunkBySize(records, limit)).toEqual({
      chunks: [[0, 2], [3]],
      oversized: [{ index: 1, bytes: soloBatchBytes(records[1]!) }],
    });
  });

  it('lets a record exactly at the limit through alone', () => {
    const exact = record(500);
    expect(chunkBySize([record(1), exact], soloBatchBytes(exact))).toEqual({
      chunks: [[0], [1]],
      oversized: [],
    });
  });

  it('returns nothing for nothing', () => {
    expect(chunkBySize([], 1_000)).toEqual({ chunks: [], oversized: [] });
  });
});

describe('isTooLargeError', () => {
  const protocolError = (type: string, code: number) =>
    Object.assign(new Error('refused'), { name: 'KafkaJSProtocolError', type, code });

  it('recognises MESSAGE_TOO_LARGE and RECORD_LIST_TOO_LARGE, also wrapped in a cause', () => {
    expect(isTooLargeError(protocolError('MESSAGE_TOO_LARGE', 10))).toBe(true);
    expect(isTooLargeError(protocolError('RECORD_LIST_TOO_LARGE', 18))).toBe(true);
    const wrapped = Object.assign(new Error('non retriable'), {
      name: 'KafkaJSNonRetriableError',
      cause: protocolError('MESSAGE_TOO_LARGE', 10),
    });
    expect(isTooLargeError(wrapped)).toBe(true);
  });

  it('does not take other errors for it', () => {
    expect(isTooLargeError(protocolError('NOT_LEADER_FOR_PARTITION', 6))).toBe(false);
    expect(isTooLargeError(Object.assign(new Error('x'), { code: 10 }))).toBe(false);
    expect(isTooLargeError(new Error('MESSAGE_TOO_LARGE'))).toBe(false);
    expect(isTooLargeError(null)).toBe(false);
  });
});
