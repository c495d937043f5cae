import { etaSeconds, progressPercent, rowsPerSecond } from './job-progress';

describe('job progress', () => {
  it('gives the percentage to one decimal, rounded down, capped at 100', () => {
    expect(progressPercent(0, 5000, false)).toBe(0);
    expect(progressPercent(1000, 3000, false)).toBe(33.3);
    expect(progressPercent(2999, 3000, false)).toBe(99.9);
    expect(progressPercent(5000, 5000, true)).toBe(100);
    expect(progressPercent(5010, 5000, true)).toBe(100);
    expect(progressPercent(0, null, false)).toBe(0);
    expect(progressPercent(0, 0, true)).toBe(100);
    expect(progressPercent(0, 0, false)).toBe(0);
  });

  it('estimates the seconds left from the rate', () => {
    expect(etaSeconds(1000, 5000, 1000)).toBe(4);
    expect(etaSeconds(1000, 5000, 3000)).toBe(2);
    expect(etaSeconds(6000, 5000, 1000)).toBe(0);
    expect(etaSeconds(1000, 5000, null)).toBeNull();
    expect(etaSeconds(1000, null, 10)).toBeNull();
    expect(etaSeconds(1000, 5000, 0)).toBeNull();
  });

  it('measures rows per second to two decimals', () => {
    expect(rowsPerSecond(5000, 2000)).toBe(2500);
    expect(rowsPerSecond(1000, 3000)).toBe(333.33);
    expect(rowsPerSecond(10, 0)).toBeNull();
  });
});
