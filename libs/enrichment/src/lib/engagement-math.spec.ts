import { engagementPct, engagementSeconds } from './engagement-math';

describe('engagement figures', () => {
  it.each([
    [7000, 300, 7, 2.33],
    [60000, 1800, 60, 3.33],
    [9000, 300, 9, 3],
    [0, 300, 0, 0],
    [180000, 1800, 180, 10],
    [1234, 1000, 1.234, 0.12],
  ])('%i ms on %i s gives %d s and %d %%', (durationMs, lengthSeconds, seconds, pct) => {
    expect(engagementSeconds(durationMs)).toBe(seconds);
    expect(engagementPct(durationMs, lengthSeconds)).toBe(pct);
  });

  it('gives NULL seconds and NULL pct for a NULL duration', () => {
    expect(engagementSeconds(null)).toBeNull();
    expect(engagementPct(null, 300)).toBeNull();
  });

  it.each([null, 0, -5])('keeps seconds and gives a NULL pct when length is %p', (length) => {
    expect(engagementSeconds(7000)).toBe(7);
    expect(engagementPct(7000, length)).toBeNull();
  });

  it('rounds half away from zero, like SQL ROUND(numeric)', () => {
    // 1 ms on 4 s is exactly 0.025 %, which binary floating point would round down.
    expect(engagementPct(1, 4)).toBe(0.03);
    expect(engagementPct(1, 8)).toBe(0.01);
    expect(engagementPct(5, 1)).toBe(0.5);
  });

  it('never divides integers: 1 ms is a thousandth of a second', () => {
    expect(engagementSeconds(1)).toBe(0.001);
    expect(engagementSeconds(1999)).toBe(1.999);
  });
});
