import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

/** A Lua script run by EVALSHA, falling back to EVAL (which caches it) after a NOSCRIPT, e.g. on a restarted Redis. */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: Redis,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) {
        throw error;
      }
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
