import { clusterByTime, epochMicros } from './event-ts-span';

describe('epochMicros', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0],
    ['1970-01-01T00:00:00.000001Z', 1],
    ['1969-12-31T23:59:59.999999Z', -1],
    ['2026-11-22T10:29:59.999999Z', 1_795_343_399_999_999],
    ['2026-11-22T12:29:59.999+02:00', 1_795_343_399_999_000],
  ])('reads %s as %d µs', (timestamp, micros) => {
    expect(epochMicros(timestamp)).toBe(micros);
  });

  it('names a timestamp it cannot read', () => {
    expect(() => epochMicros('yesterday')).toThrow('event_ts yesterday is not a valid timestamp');
  });
});

describe('clusterByTime', () => {
  const hour = 3_600_000_000;
  const at = (items: string[], span = hour) =>
    clusterByTime(items, (item) => item, span).map(({ items: members, min, max }) => ({
      members,
      min,
      max,
    }));

  it('keeps a batch within the span as one cluster, in its own order', () => {
    expect(at(['2026-11-22T10:30:00Z', '2026-11-22T10:00:00Z', '2026-11-22T11:00:00Z'])).toEqual([
      {
        members: ['2026-11-22T10:30:00Z', '2026-11-22T10:00:00Z', '2026-11-22T11:00:00Z'],
        min: '2026-11-22T10:00:00Z',
        max: '2026-11-22T11:00:00Z',
      },
    ]);
  });

  it('cuts wild timestamps and a span one microsecond too wide into clusters of their own', () => {
    expect(
      at([
        '2026-11-22T10:00:00.000000Z',
        '2100-01-01T00:00:00Z',
        '1970-01-01T00:00:00Z',
        '2026-11-22T11:00:00.000001Z',
      ]),
    ).toEqual([
      {
        members: ['1970-01-01T00:00:00Z'],
        min: '1970-01-01T00:00:00Z',
        max: '1970-01-01T00:00:00Z',
      },
      {
        members: ['2026-11-22T10:00:00.000000Z'],
        min: '2026-11-22T10:00:00.000000Z',
        max: '2026-11-22T10:00:00.000000Z',
      },
      {
        members: ['2026-11-22T11:00:00.000001Z'],
        min: '2026-11-22T11:00:00.000001Z',
        max: '2026-11-22T11:00:00.000001Z',
      },
      {
        members: ['2100-01-01T00:00:00Z'],
        min: '2100-01-01T00:00:00Z',
        max: '2100-01-01T00:00:00Z',
      },
    ]);
  });

  it('gives nothing for nothing', () => {
    expect(at([])).toEqual([]);
  });
});
