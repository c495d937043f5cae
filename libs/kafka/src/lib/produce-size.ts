import type { OutboundRecord } from './kafka-records';

/**
 * Sizes of Kafka's record batch format v2, the one kafkajs writes (uncompressed). The broker
 * refuses a batch whose size, log overhead included, exceeds message.max.bytes (a topic's
 * max.message.bytes), and kafkajs puts all the records of one send() for one partition into one
 * batch, so a send is kept under that bound before it leaves.
 */
/** Offset (8) and length (4) that precede every batch in the log, counted by the broker. */
const LOG_OVERHEAD_BYTES = 12;
/** The v2 batch header after the length: epoch, magic, CRC, attributes, offsets, times, ids, count. */
const BATCH_HEADER_BYTES = 49;
/**
 * Upper bound of a record's own framing: length, attributes, timestamp delta, offset delta, key
 * length, value length and header count, each at its longest varint.
 */
const RECORD_FRAMING_BYTES = 5 + 1 + 10 + 5 + 5 + 5 + 5;
/** Upper bound of one header's framing: key length and value length varints. */
const HEADER_FRAMING_BYTES = 5 + 5;

/** Bytes every send adds once, whatever its records. */
export const BATCH_OVERHEAD_BYTES = LOG_OVERHEAD_BYTES + BATCH_HEADER_BYTES;

function byteLength(bytes: string | Buffer | null | undefined): number {
  if (bytes === null || bytes === undefined) {
    return 0;
  }
  return typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
}

/** An upper bound of what the record adds to a batch: its key, value and headers, and their framing. */
export function recordBytes(record: OutboundRecord): number {
  let bytes = RECORD_FRAMING_BYTES + byteLength(record.key) + byteLength(record.value);
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    bytes += HEADER_FRAMING_BYTES + byteLength(name) + byteLength(value);
  }
  return bytes;
}

/** The bytes a batch of just this record takes: what must fit under the limit for it to be sent. */
export function soloBatchBytes(record: OutboundRecord): number {
  return BATCH_OVERHEAD_BYTES + recordBytes(record);
}

export interface SizedChunks {
  /** Consecutive runs of record indexes, in order, each within the limit as one batch. */
  chunks: number[][];
  /** Indexes of records that exceed the limit even alone, with the size of their batch. */
  oversized: { index: number; bytes: number }[];
}

/**
 * Cuts records, in order, into runs whose batch stays within maxBatchBytes. The whole send is
 * bounded, not each partition's share of it: a bound on the sum bounds every partition's
 * batch, and the split costs an extra round trip only when a send is over a megabyte.
 */
export function chunkBySize(
  records: readonly OutboundRecord[],
  maxBatchBytes: number,
): SizedChunks {
  const chunks: number[][] = [];
  const oversized: SizedChunks['oversized'] = [];
  let current: number[] = [];
  let currentBytes = BATCH_OVERHEAD_BYTES;
  records.forEach((record, index) => {
    const bytes = recordBytes(record);
    if (BATCH_OVERHEAD_BYTES + bytes > maxBatchBytes) {
      oversized.push({ index, bytes: BATCH_OVERHEAD_BYTES + bytes });
      return;
    }
    if (current.length > 0 && currentBytes + bytes > maxBatchBytes) {
      chunks.push(current);
      current = [];
      currentBytes = BATCH_OVERHEAD_BYTES;
    }
    current.push(index);
    currentBytes += bytes;
  });
  if (current.length > 0) {
    chunks.push(current);
  }
  return { chunks, oversized };
}

/**
 * Whether the broker refused a send for its size: MESSAGE_TOO_LARGE (10), or
 * RECORD_LIST_TOO_LARGE (18, larger than a segment). kafkajs may wrap the protocol error.
 */
export function isTooLargeError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { name, type, code, cause } = current as Record<string, unknown>;
    if (type === 'MESSAGE_TOO_LARGE' || type === 'RECORD_LIST_TOO_LARGE') {
      return true;
    }
    if (name === 'KafkaJSProtocolError' && (code === 10 || code === 18)) {
      return true;
    }
    current = cause;
  }
  return false;
}
