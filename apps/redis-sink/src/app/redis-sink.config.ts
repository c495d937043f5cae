import { ConsumerConfig, KafkaConfig } from '@cdc/kafka';
import { RuntimeConfig } from '@cdc/platform';
import { RedisConfig } from '@cdc/redis-store';
import { SinkSourceConfig } from '@cdc/sink-runtime';
import { IntersectionType } from '@nestjs/mapped-types';

export class RedisSinkConfig extends IntersectionType(
  RuntimeConfig,
  KafkaConfig,
  ConsumerConfig,
  SinkSourceConfig,
  RedisConfig,
) {
  override HTTP_PORT = 3002;
  override CONSUMER_GROUP_ID = 'redis-sink';
}
