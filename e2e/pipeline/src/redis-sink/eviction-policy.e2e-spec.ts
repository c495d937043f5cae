import { waitUntil } from '@cdc/testing';

import { REDIS_E2E_PORTS, RedisSinkHarness } from '../harness';

interface Health {
  status: string;
  error?: Record<string, { status: string; message?: string }>;
}

/** An evicting Redis could drop a dedup marker and keep its totals: a replay would double count. */
describe('redis-sink: an evicting maxmemory-policy', () => {
  const harness = new RedisSinkHarness({ name: 'eviction', port: REDIS_E2E_PORTS.eviction });

  beforeAll(async () => {
    await harness.placeAtEnd();
    await harness.start();
  });

  afterAll(async () => {
    await harness.redis.config('SET', 'maxmemory-policy', 'noeviction');
    await harness.close();
  });

  it('takes readiness down, naming the policy and the fix, until it is noeviction again', async () => {
    expect(await harness.redis.config('GET', 'maxmemory-policy')).toEqual([
      'maxmemory-policy',
      'noeviction',
    ]);
    expect((await harness.app.get<Health>('/health')).status).toBe(200);

    await harness.redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const health = await waitUntil(
      async () => {
        const response = await harness.app.get<Health>('/health');
        return response.status === 503 ? response.body : undefined;
      },
      '/health 503',
      15_000,
    );
    expect(health.error?.['redis']).toEqual({
      status: 'down',
      message: `Redis ${harness.environment['REDIS_HOST']}:${harness.environment['REDIS_PORT']}/0: maxmemory-policy is allkeys-lru: Redis may evict a dedup marker while the totals it guards survive, so a replay would count events twice; set maxmemory-policy noeviction`,
    });

    await harness.redis.config('SET', 'maxmemory-policy', 'noeviction');
    await waitUntil(
      async () => ((await harness.app.get<Health>('/health')).status === 200 ? true : undefined),
      '/health 200 again',
      15_000,
    );
  });
});
