import { evictionPolicyProblem } from './eviction-policy';

describe('evictionPolicyProblem', () => {
  it('accepts noeviction, and a policy that cannot be read', () => {
    expect(evictionPolicyProblem('noeviction')).toBeNull();
    expect(evictionPolicyProblem(null)).toBeNull();
  });

  it.each(['allkeys-lru', 'volatile-ttl', 'allkeys-random', 'volatile-lfu'])(
    'names %s and the fix',
    (policy) => {
      expect(evictionPolicyProblem(policy)).toBe(
        `maxmemory-policy is ${policy}: Redis may evict a dedup marker while the totals it guards survive, so a replay would count events twice; set maxmemory-policy noeviction`,
      );
    },
  );
});
