import { describeFailure, PartitionFailures } from './partition-failures';

describe('PartitionFailures', () => {
  let now = new Date('2026-12-02T05:00:00.000Z');
  const failures = new PartitionFailures('redis-sink', () => now);

  it('keeps the time of the first failure, counts attempts and keeps the last error', () => {
    failures.failed('t', 3, 1, 'ECONNREFUSED');
    now = new Date('2026-12-02T05:00:10.000Z');
    failures.failed('t', 3, 2, 'ETIMEDOUT');
    expect(failures.all()).toEqual([
      {
        group: 'redis-sink',
        topic: 't',
        partition: 3,
        since: new Date('2026-12-02T05:00:00.000Z'),
        attempts: 2,
        lastError: 'ETIMEDOUT',
      },
    ]);
  });

  it('counts a partition as stuck once it has failed for the threshold', () => {
    expect(failures.stuck(10_001)).toEqual([]);
    expect(failures.stuck(10_000).map((entry) => entry.partition)).toEqual([3]);
  });

  it('describes where, since when, how often and why', () => {
    expect(describeFailure(failures.all()[0]!, now)).toBe(
      'consumer group redis-sink: t[3] has failed since 2026-12-02T05:00:00.000Z (10 s, 2 attempts); last error: ETIMEDOUT',
    );
  });

  it('forgets the partition when its batch ends', () => {
    expect(failures.ended('t', 3)?.attempts).toBe(2);
    expect(failures.all()).toEqual([]);
    expect(failures.ended('t', 3)).toBeUndefined();
  });
});
