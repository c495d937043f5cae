/**
 * Where a change sits in Debezium's replication stream of the source database. pgoutput
 * streams whole transactions in commit order, and Debezium's `source.sequence` is
 * `[last commit LSN, LSN of this change]`: ordered by (commit, lsn), positions follow the
 * stream, so "a content change at or after this event's position has been applied" means
 * "every content change committed before the event has been applied". The LSN of the change
 * alone would not do: two transactions interleave their changes in the WAL, and the one that
 * commits first can hold the higher change LSN.
 */
export interface StreamPosition {
  commit: bigint;
  lsn: bigint;
}

/** The position of a Debezium source block, or null without a readable `sequence`. */
export function readStreamPosition(source: Record<string, unknown>): StreamPosition | null {
  const sequence = source['sequence'];
  if (typeof sequence !== 'string') {
    return null;
  }
  let parts: unknown;
  try {
    parts = JSON.parse(sequence);
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || parts.length !== 2) {
    return null;
  }
  const [commit, lsn] = parts.map(toLsn);
  return commit === null || commit === undefined || lsn === null || lsn === undefined
    ? null
    : { commit, lsn };
}

export function comparePositions(a: StreamPosition, b: StreamPosition): number {
  if (a.commit !== b.commit) {
    return a.commit < b.commit ? -1 : 1;
  }
  return a.lsn === b.lsn ? 0 : a.lsn < b.lsn ? -1 : 1;
}

function toLsn(value: unknown): bigint | null {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) {
    return BigInt(value);
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return BigInt(value);
  }
  return null;
}
