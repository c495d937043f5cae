import {
  bucketExpireAtSeconds,
  dayStamp,
  dedupExpireAtSeconds,
  epochMinute,
  minuteStamp,
  windowMinutes,
  windowPlacement,
} from './window-buckets';

const at = (iso: string) => Date.parse(iso);

describe('window bucket math', () => {
  it('covers the current minute and the nine before it', () => {
    const now = at('2026-11-22T10:15:42.000Z');
    const minutes = windowMinutes(now, 10);
    expect(minutes).toHaveLength(10);
    expect(minuteStamp(minutes[0]!)).toBe('202611221006');
    expect(minuteStamp(minutes[9]!)).toBe('202611221015');
  });

  it('lets an event in while its minute is one of the window minutes, never when older than the window', () => {
    const now = at('2026-11-22T10:15:42.000Z');
    expect(windowPlacement(at('2026-11-22T10:06:00.000Z'), now, 10, 5_000)).toBe('in_window');
    expect(windowPlacement(at('2026-11-22T10:05:59.999Z'), now, 10, 5_000)).toBe('too_old');
    expect(windowPlacement(now - 20 * 60_000, now, 10, 5_000)).toBe('too_old');
    expect(windowPlacement(now + 5_000, now, 10, 5_000)).toBe('in_window');
    expect(windowPlacement(now + 5_001, now, 10, 5_000)).toBe('future');
  });

  it('keeps a bucket until its minute has left the window, plus two minutes', () => {
    const minute = epochMinute(at('2026-11-22T10:15:00.000Z'));
    expect(bucketExpireAtSeconds(minute, 10)).toBe(at('2026-11-22T10:27:00.000Z') / 1000);
  });

  it('keeps dedup markers until the end of the event day plus the retention', () => {
    expect(dedupExpireAtSeconds(at('2026-11-22T10:15:00.000Z'), 30)).toBe(
      at('2026-12-23T00:00:00.000Z') / 1000,
    );
    expect(dedupExpireAtSeconds(at('2026-11-22T23:59:59.999Z'), 1)).toBe(
      at('2026-11-24T00:00:00.000Z') / 1000,
    );
    expect(dayStamp(at('2026-11-22T23:59:59.999Z'))).toBe('20261122');
  });
});
