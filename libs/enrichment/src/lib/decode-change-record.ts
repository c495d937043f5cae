import { DEBEZIUM_OPS, type DebeziumOp, isJsonObject } from '@cdc/contracts';

import { type Decoded, decoded, rejected } from './decoded';
import { readStreamPosition, type StreamPosition } from './stream-position';

export type ChangeRecord =
  | { kind: 'tombstone' }
  | {
      kind: 'change';
      op: DebeziumOp;
      before: unknown;
      after: unknown;
      sourceTsMs: number;
      sourceLsn: number | null;
      /** A snapshot read: op "r", or source.snapshot set to anything but "false". */
      snapshot: boolean;
      /** Where the change sits in the replication stream (null when Debezium gives no sequence). */
      position: StreamPosition | null;
    };

/** Decodes the value bytes of a Debezium record (JsonConverter, schemas disabled). */
export function decodeChangeRecord(value: Buffer | null): Decoded<ChangeRecord> {
  if (value === null || value.length === 0) {
    return decoded({ kind: 'tombstone' });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return rejected(`value is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(parsed)) {
    return rejected('value must be a JSON object (a Debezium envelope)');
  }
  const op = parsed['op'];
  if (typeof op !== 'string') {
    return rejected('op is missing');
  }
  if (!(DEBEZIUM_OPS as readonly string[]).includes(op)) {
    return rejected(`unknown op '${op}'`);
  }
  const source = parsed['source'];
  if (!isJsonObject(source)) {
    return rejected('source is missing');
  }
  const tsMs = source['ts_ms'];
  if (!Number.isSafeInteger(tsMs)) {
    return rejected('source.ts_ms must be an integer');
  }
  const lsn = source['lsn'];
  return decoded({
    kind: 'change',
    op: op as DebeziumOp,
    before: parsed['before'] ?? null,
    after: parsed['after'] ?? null,
    sourceTsMs: tsMs as number,
    sourceLsn: Number.isSafeInteger(lsn) ? (lsn as number) : null,
    snapshot: op === 'r' || isSnapshotMarker(source['snapshot']),
    position: readStreamPosition(source),
  });
}

/** Debezium's source.snapshot: "true", "first", "last", "incremental", ... during a snapshot; "false" or absent after. */
function isSnapshotMarker(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value !== '' && value !== 'false');
}
