import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '@cdc/contracts';
import { BatchConsumerFactory, TopicAdmin } from '@cdc/kafka';
import { RedisClient } from '@cdc/redis-store';
import { EngagementRecordsHandler } from './engagement-records.handler';
import { RedisSinkConfig } from './redis-sink.config';

/** Creates the topics if missing, then consumes live and backfilled events into Redis. */
@Injectable()
export class RedisSinkPipeline implements OnApplicationBootstrap {
  private readonly logger = new Logger(RedisSinkPipeline.name);

  constructor(
    private readonly config: RedisSinkConfig,
    private readonly admin: TopicAdmin,
    private readonly consumers: BatchConsumerFactory,
    private readonly redis: RedisClient,
    private readonly handler: EngagementRecordsHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.admin.ensureTopics([
      { topic: Topics.enriched, partitions: this.config.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.backfill, partitions: this.config.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.redisSinkDeadLetter, partitions: 1 },
    ]);
    // Not fatal: if Redis is down, batches fail and retry until it is back.
    if (!(await this.redis.awaitReady(5_000)))
      this.logger.warn(`Redis ${this.redis.address} not reachable yet; consuming anyway`);
    await this.consumers
      .create({
        groupId: this.config.REDIS_SINK_GROUP_ID,
        topics: [Topics.enriched, Topics.backfill],
        fromBeginning: true,
        maxWaitTimeInMs: this.config.CONSUMER_MAX_WAIT_MS,
        partitionsConsumedConcurrently: this.config.CONSUMER_PARTITIONS_CONCURRENCY,
        retryInitialMs: this.config.RETRY_INITIAL_MS,
        retryMaxMs: this.config.RETRY_MAX_MS,
        handler: (records) => this.handler.handle(records),
      })
      .start();
  }
}
