/**
 * Position of a backfill in `engagement_events` ordered by (event_ts, id): the last row
 * published. event_ts is ISO-8601 UTC with six fraction digits (the database's precision),
 * never a Date, so that resuming neither skips nor repeats rows that share a millisecond.
 */
export interface KeysetCursor {
  eventTs: string;
  /** BIGSERIAL as a decimal string. */
  id: string;
}

export interface KeysetKey {
  eventTs: string;
  id: string;
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const DECIMAL_ID = /^[1-9]\d{0,18}$/;

/** Orders two keys the way Postgres orders the row value (event_ts, id). */
export function compareKeys(a: KeysetKey, b: KeysetKey): number {
  // Fixed-width UTC text sorts like the instant it names.
  if (a.eventTs !== b.eventTs) {
    return a.eventTs < b.eventTs ? -1 : 1;
  }
  const left = BigInt(a.id);
  const right = BigInt(b.id);
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}

/** The cursor after a page: its last row, or the previous cursor when the page is empty. */
export function advanceCursor(
  previous: KeysetCursor | null,
  page: readonly KeysetKey[],
): KeysetCursor | null {
  const last = page[page.length - 1];
  if (last === undefined) {
    return previous;
  }
  if (previous !== null && compareKeys(last, previous) <= 0) {
    throw new Error(
      `Keyset page went backwards: (${last.eventTs}, ${last.id}) after (${previous.eventTs}, ${previous.id})`,
    );
  }
  return { eventTs: last.eventTs, id: last.id };
}

/** A page shorter than the limit is the last one. */
export function isLastPage(pageLength: number, limit: number): boolean {
  return pageLength < limit;
}

/**
 * The WHERE clause of one page, with positional parameters starting at `firstParam`:
 * the range is [from, to), and rows strictly after the cursor. The row-value comparison
 * is what lets Postgres walk the (event_ts, id) index instead of counting past an OFFSET.
 */
export function keysetCondition(
  cursor: KeysetCursor | null,
  firstParam: number,
): { sql: string; params: string[] } {
  if (cursor === null) {
    return { sql: 'TRUE', params: [] };
  }
  assertCursor(cursor);
  return {
    sql: `(e.event_ts, e.id) > ($${firstParam}::timestamptz, $${firstParam + 1}::bigint)`,
    params: [cursor.eventTs, cursor.id],
  };
}

export function assertCursor(cursor: KeysetCursor): void {
  if (!ISO_MICROS.test(cursor.eventTs)) {
    throw new Error(
      `Cursor event_ts must be ISO-8601 UTC with microseconds, got ${cursor.eventTs}`,
    );
  }
  if (!DECIMAL_ID.test(cursor.id)) {
    throw new Error(`Cursor id must be a positive integer, got ${cursor.id}`);
  }
}
