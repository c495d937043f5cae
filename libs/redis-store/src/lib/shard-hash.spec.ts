import { contentMember, fnv1a32, shardOf, shardTag } from './shard-hash';

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });
});

describe('shardOf', () => {
  it('is the hash modulo the shard count, so a content always maps to the same shard', () => {
    const member = '6f1c2b2e-9f7a-4c1e-8d0b-2a6b7f0c9e11';
    expect(shardOf(member, 16)).toBe(fnv1a32(member) % 16);
    expect(shardOf('unknown', 16)).toBe(fnv1a32('unknown') % 16);
    expect(shardOf(member, 1)).toBe(0);
  });
});

describe('contentMember', () => {
  it('uses the lower-case content id, and "unknown" for a NULL content_id', () => {
    expect(contentMember('6F1C2B2E-9F7A-4C1E-8D0B-2A6B7F0C9E11')).toBe(
      '6f1c2b2e-9f7a-4c1e-8d0b-2a6b7f0c9e11',
    );
    expect(contentMember(null)).toBe('unknown');
  });
});

describe('shardTag', () => {
  it('pads the shard number to two digits inside braces', () => {
    expect(shardTag(7)).toBe('{s07}');
    expect(shardTag(15)).toBe('{s15}');
    expect(shardTag(123)).toBe('{s123}');
  });
});
