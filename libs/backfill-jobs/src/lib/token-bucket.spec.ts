import { TokenBucket } from './token-bucket';

/** A clock the test moves by hand: no real time passes in these tests. */
function manualClock(startMs = 1_000) {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

describe('TokenBucket', () => {
  it('lets a full bucket through at once, then makes the caller wait for the refill', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(100, 100, clock.now);
    expect(bucket.take(100)).toBe(0);
    expect(bucket.take(50)).toBe(500);
    expect(bucket.available()).toBe(-50);
  });

  it('averages exactly the rate over many pages larger than the burst', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(250, 250, clock.now);
    let waitedMs = 0;
    for (let page = 0; page < 10; page += 1) {
      const waitMs = bucket.take(1000);
      waitedMs += waitMs;
      clock.advance(waitMs);
    }
    // 10,000 rows at 250/s take 40 s, less the 1 s burst the bucket started with.
    expect(waitedMs).toBe(39_000);
  });

  it('refills with time but never above the burst', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 20, clock.now);
    expect(bucket.take(20)).toBe(0);
    clock.advance(500);
    expect(bucket.available()).toBe(5);
    clock.advance(60_000);
    expect(bucket.available()).toBe(20);
  });

  it('pays back debt before granting more', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(1000, 1000, clock.now);
    expect(bucket.take(3000)).toBe(2000);
    clock.advance(1000);
    expect(bucket.take(1)).toBe(1001);
    clock.advance(1001);
    expect(bucket.take(0)).toBe(0);
  });

  it('ignores a clock that goes backwards', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 10, clock.now);
    bucket.take(10);
    clock.advance(-5_000);
    expect(bucket.available()).toBe(0);
  });

  it('rejects a rate, burst or count that makes no sense', () => {
    expect(() => new TokenBucket(0, 1)).toThrow('ratePerSecond must be positive, got 0');
    expect(() => new TokenBucket(1, 0)).toThrow('burst must be positive, got 0');
    expect(() => new TokenBucket(1, 1).take(-1)).toThrow('count must not be negative, got -1');
  });
});
