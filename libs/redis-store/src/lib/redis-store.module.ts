import { type DynamicModule, Module } from '@nestjs/common';

import { EngagementReader } from './engagement-reader';
import { EngagementWriter } from './engagement-writer';
import { RedisConfig } from './redis.config';
import { RedisClient } from './redis-client';
import { RedisKeyLayout } from './redis-key-layout';
import { RedisReadiness } from './redis-readiness';

/** The Redis engagement store: client, key layout, writer, reader and the "redis" readiness check. Needs RedisConfig provided (TypedConfigModule part). */
@Module({})
export class RedisStoreModule {
  static forRoot(): DynamicModule {
    return {
      module: RedisStoreModule,
      global: true,
      providers: [
        RedisClient,
        {
          provide: RedisKeyLayout,
          inject: [RedisConfig],
          useFactory: (config: RedisConfig) =>
            new RedisKeyLayout(config.REDIS_KEY_PREFIX, config.REDIS_SHARDS),
        },
        EngagementWriter,
        EngagementReader,
        RedisReadiness,
      ],
      exports: [RedisClient, RedisKeyLayout, EngagementWriter, EngagementReader],
    };
  }
}
