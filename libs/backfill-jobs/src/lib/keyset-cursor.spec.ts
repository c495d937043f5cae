import {
  advanceCursor,
  compareKeys,
  isLastPage,
  keysetCondition,
  type KeysetCursor,
  type KeysetKey,
} from './keyset-cursor';

/** What the page query does, in memory: rows strictly after the cursor, in key order, limited. */
function pageAfter(
  rows: readonly KeysetKey[],
  cursor: KeysetCursor | null,
  limit: number,
): KeysetKey[] {
  return [...rows]
    .sort(compareKeys)
    .filter((row) => cursor === null || compareKeys(row, cursor) > 0)
    .slice(0, limit);
}

function readAll(rows: readonly KeysetKey[], limit: number): { seen: KeysetKey[]; pages: number } {
  const seen: KeysetKey[] = [];
  let cursor: KeysetCursor | null = null;
  let pages = 0;
  for (;;) {
    const page = pageAfter(rows, cursor, limit);
    pages += 1;
    seen.push(...page);
    cursor = advanceCursor(cursor, page);
    if (isLastPage(page.length, limit)) {
      return { seen, pages };
    }
  }
}

// Three rows share one microsecond, two share a millisecond but not a microsecond, and ids
// cross a digit boundary (9 < 10) so that text comparison of ids would be wrong.
const ROWS: KeysetKey[] = [
  { eventTs: '2026-11-21T10:00:00.000001Z', id: '10' },
  { eventTs: '2026-11-21T10:00:00.000001Z', id: '9' },
  { eventTs: '2026-11-21T10:00:00.000001Z', id: '11' },
  { eventTs: '2026-11-21T10:00:00.000002Z', id: '3' },
  { eventTs: '2026-11-21T10:00:00.000000Z', id: '50' },
  { eventTs: '2026-11-21T10:00:01.000000Z', id: '1' },
  { eventTs: '2026-11-21T09:59:59.999999Z', id: '100' },
];

const ORDERED = [
  '2026-11-21T09:59:59.999999Z/100',
  '2026-11-21T10:00:00.000000Z/50',
  '2026-11-21T10:00:00.000001Z/9',
  '2026-11-21T10:00:00.000001Z/10',
  '2026-11-21T10:00:00.000001Z/11',
  '2026-11-21T10:00:00.000002Z/3',
  '2026-11-21T10:00:01.000000Z/1',
];

describe('keyset cursor', () => {
  it('orders by event_ts to the microsecond, then by id as a number', () => {
    expect([...ROWS].sort(compareKeys).map((row) => `${row.eventTs}/${row.id}`)).toEqual(ORDERED);
  });

  it.each([1, 2, 3, 4, 6, 7, 8, 100])(
    'reads every row exactly once in pages of %i, also when a page ends inside a tie',
    (limit) => {
      const { seen, pages } = readAll(ROWS, limit);
      expect(seen.map((row) => `${row.eventTs}/${row.id}`)).toEqual(ORDERED);
      expect(pages).toBe(Math.floor(ROWS.length / limit) + 1);
    },
  );

  it('resumes from a checkpoint without repeating or skipping', () => {
    const first = pageAfter(ROWS, null, 3);
    const checkpoint = advanceCursor(null, first);
    expect(checkpoint).toEqual({ eventTs: '2026-11-21T10:00:00.000001Z', id: '9' });
    const rest = pageAfter(ROWS, checkpoint, 100).map((row) => `${row.eventTs}/${row.id}`);
    expect(rest).toEqual(ORDERED.slice(3));
  });

  it('keeps the cursor on an empty page and refuses to go backwards', () => {
    const cursor = { eventTs: '2026-11-21T10:00:00.000001Z', id: '10' };
    expect(advanceCursor(cursor, [])).toBe(cursor);
    expect(advanceCursor(null, [])).toBeNull();
    expect(() =>
      advanceCursor(cursor, [{ eventTs: '2026-11-21T10:00:00.000001Z', id: '9' }]),
    ).toThrow(
      'Keyset page went backwards: (2026-11-21T10:00:00.000001Z, 9) after (2026-11-21T10:00:00.000001Z, 10)',
    );
  });

  it('a page shorter than the limit is the last', () => {
    expect(isLastPage(999, 1000)).toBe(true);
    expect(isLastPage(1000, 1000)).toBe(false);
    expect(isLastPage(0, 1000)).toBe(true);
  });

  it('builds the row-value condition with numbered parameters, and none before the first page', () => {
    expect(keysetCondition(null, 5)).toEqual({ sql: 'TRUE', params: [] });
    expect(keysetCondition({ eventTs: '2026-11-21T10:00:00.000001Z', id: '42' }, 5)).toEqual({
      sql: '(e.event_ts, e.id) > ($5::timestamptz, $6::bigint)',
      params: ['2026-11-21T10:00:00.000001Z', '42'],
    });
  });

  it('rejects a cursor that would lose precision or is not an id', () => {
    expect(() => keysetCondition({ eventTs: '2026-11-21T10:00:00.000Z', id: '1' }, 1)).toThrow(
      'Cursor event_ts must be ISO-8601 UTC with microseconds, got 2026-11-21T10:00:00.000Z',
    );
    expect(() =>
      keysetCondition({ eventTs: '2026-11-21T10:00:00.000000Z', id: '1; DROP' }, 1),
    ).toThrow('Cursor id must be a positive integer, got 1; DROP');
  });
});
