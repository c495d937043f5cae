import { isoMicrosToEpochMs, toIsoMicros } from './timestamps';

describe('toIsoMicros', () => {
  it.each([
    ['2026-11-22T10:15:30.123456Z', '2026-11-22T10:15:30.123456Z'],
    ['2026-11-22T10:15:30Z', '2026-11-22T10:15:30.000000Z'],
    ['2026-11-22T10:15:30.5Z', '2026-11-22T10:15:30.500000Z'],
    ['2026-11-22 10:15:30.000001+00', '2026-11-22T10:15:30.000001Z'],
    ['2026-11-22T12:15:30.654321+02:00', '2026-11-22T10:15:30.654321Z'],
    ['2026-01-01T00:30:00.1-01:30', '2026-01-01T02:00:00.100000Z'],
  ])('normalises %s to %s', (input, expected) => {
    expect(toIsoMicros(input)).toBe(expected);
  });

  it.each(['infinity', '-infinity', '2026-13-45', 'yesterday', ''])('refuses %p', (input) => {
    expect(toIsoMicros(input)).toBeNull();
  });

  it('converts to epoch milliseconds, truncating microseconds', () => {
    expect(isoMicrosToEpochMs('1970-01-01T00:00:01.234999Z')).toBe(1234);
  });
});
