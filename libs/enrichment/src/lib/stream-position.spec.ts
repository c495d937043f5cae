import { comparePositions, readStreamPosition } from './stream-position';

describe('readStreamPosition', () => {
  it("reads Debezium's sequence as (last commit, change LSN)", () => {
    expect(
      readStreamPosition({ sequence: '["1024091736","1024110760"]', lsn: 1024110760 }),
    ).toEqual({ commit: 1024091736n, lsn: 1024110760n });
  });

  it('is null without a sequence, or with a null part (snapshot reads)', () => {
    expect(readStreamPosition({ lsn: 5 })).toBeNull();
    expect(readStreamPosition({ sequence: '[null,"5"]' })).toBeNull();
    expect(readStreamPosition({ sequence: 'not json' })).toBeNull();
    expect(readStreamPosition({ sequence: '["1"]' })).toBeNull();
  });
});

describe('comparePositions', () => {
  it('orders by commit first, then by change LSN', () => {
    expect(comparePositions({ commit: 10n, lsn: 900n }, { commit: 20n, lsn: 30n })).toBe(-1);
    expect(comparePositions({ commit: 20n, lsn: 31n }, { commit: 20n, lsn: 30n })).toBe(1);
    expect(comparePositions({ commit: 20n, lsn: 30n }, { commit: 20n, lsn: 30n })).toBe(0);
  });
});
