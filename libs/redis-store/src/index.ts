/**
 * @cdc/redis-store: the Redis side of the redis-sink. Key layout (sharded by hash tag, ready
 * for Redis Cluster), the Lua scripts that apply events exactly once in effect and read the
 * sliding window, the ioredis client, RedisConfig and the "redis" readiness check.
 */
export * from './lib/redis.config';
export * from './lib/shard-hash';
export * from './lib/window-buckets';
export * from './lib/redis-key-layout';
export * from './lib/lua-script';
export * from './lib/scripts/apply-events.script';
export * from './lib/scripts/top-of-buckets.script';
export * from './lib/redis-client';
export * from './lib/redis-readiness';
export * from './lib/engagement-writer';
export * from './lib/engagement-reader';
export * from './lib/redis-store.module';
export * from './lib/eviction-policy';
