import { RedisKeyLayout } from './redis-key-layout';
import { fnv1a32 } from './shard-hash';

describe('RedisKeyLayout', () => {
  const layout = new RedisKeyLayout('eng', 16);
  const member = '6f1c2b2e-9f7a-4c1e-8d0b-2a6b7f0c9e11';
  const tag = `{s${String(fnv1a32(member) % 16).padStart(2, '0')}}`;

  it('puts every key of one content under the hash tag of its shard', () => {
    expect(layout.totals(member)).toBe(`eng:${tag}:totals:${member}`);
    expect(layout.recent(member)).toBe(`eng:${tag}:recent:${member}`);
  });

  it('names dedup sets by shard and UTC day of event time', () => {
    expect(layout.seen(7, Date.parse('2026-11-22T23:59:59.999Z'))).toBe('eng:{s07}:seen:20261122');
    expect(layout.seen(7, Date.parse('2026-11-23T00:00:00.000Z'))).toBe('eng:{s07}:seen:20261123');
  });

  it('names window buckets by shard, measure, scope and UTC minute', () => {
    const minute = Date.parse('2026-11-22T10:15:00Z') / 60_000;
    expect(layout.window(3, 'sec', 'all', minute)).toBe('eng:{s03}:win:sec:all:202611221015');
    expect(layout.window(3, 'evt', 'podcast', minute)).toBe(
      'eng:{s03}:win:evt:podcast:202611221015',
    );
  });

  it('lists every shard', () => {
    expect(new RedisKeyLayout('x', 4).allShards()).toEqual([0, 1, 2, 3]);
  });
});
