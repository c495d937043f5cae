import { bucketsBetween, quantileMs } from './latency-histogram';

describe('quantileMs', () => {
  const buckets = new Map([
    [0.1, 50],
    [0.5, 90],
    [1, 100],
    [Infinity, 100],
  ]);

  it('interpolates inside the bucket that holds the rank', () => {
    expect(quantileMs(buckets, 0.5)).toBe(100);
    expect(quantileMs(buckets, 0.7)).toBe(300);
    expect(quantileMs(buckets, 0.95)).toBe(750);
  });

  it('answers null without observations and the last finite bound past it', () => {
    expect(quantileMs(new Map([[Infinity, 0]]), 0.5)).toBeNull();
    expect(
      quantileMs(
        new Map([
          [1, 1],
          [Infinity, 10],
        ]),
        0.99,
      ),
    ).toBe(1000);
  });

  it('subtracts an earlier reading bucket by bucket', () => {
    const later = new Map([
      [0.1, 60],
      [Infinity, 110],
    ]);
    expect([...bucketsBetween(buckets, later)]).toEqual([
      [0.1, 10],
      [Infinity, 10],
    ]);
  });
});
