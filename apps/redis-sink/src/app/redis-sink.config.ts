import { IntersectionType } from '@nestjs/mapped-types';
import { IsInt, IsString, Min } from 'class-validator';
import { KafkaConfig } from '@cdc/kafka';
import { EnvInt, RuntimeConfig } from '@cdc/platform';
import { RedisConfig } from '@cdc/redis-store';

export class RedisSinkSettings {
  @IsString()
  REDIS_SINK_GROUP_ID = 'redis-sink';

  /** Longest a fetch waits for new records; lower means lower latency on a quiet stream. */
  @EnvInt()
  @IsInt()
  @Min(0)
  CONSUMER_MAX_WAIT_MS = 20;

  /** Partitions handled at once; each batch is one Redis round trip, so more hides latency. */
  @EnvInt()
  @IsInt()
  @Min(1)
  CONSUMER_PARTITIONS_CONCURRENCY = 4;

  /** Backoff between attempts of a batch that failed (e.g. Redis down): doubles up to the max. */
  @EnvInt()
  @IsInt()
  @Min(10)
  RETRY_INITIAL_MS = 200;

  @EnvInt()
  @IsInt()
  @Min(10)
  RETRY_MAX_MS = 5_000;
}

export class RedisSinkConfig extends IntersectionType(
  RuntimeConfig,
  KafkaConfig,
  RedisConfig,
  RedisSinkSettings,
) {
  override HTTP_PORT = 3002;
}
