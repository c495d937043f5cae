/**
 * The sink's dedup markers and the totals they guard are separate keys, all with a TTL, so any
 * policy that evicts (volatile-* or allkeys-*) can drop a marker while its totals survive, and
 * a replay would then count the event again. Only noeviction keeps them together: Redis refuses
 * writes when full, the batch fails and retries, and nothing is counted twice.
 */
export const REQUIRED_EVICTION_POLICY = 'noeviction';

/** Why the policy is unsafe, or null when it is safe or cannot be read (CONFIG disabled). */
export function evictionPolicyProblem(policy: string | null): string | null {
  if (policy === null || policy === REQUIRED_EVICTION_POLICY) {
    return null;
  }
  return `maxmemory-policy is ${policy}: Redis may evict a dedup marker while the totals it guards survive, so a replay would count events twice; set maxmemory-policy ${REQUIRED_EVICTION_POLICY}`;
}
