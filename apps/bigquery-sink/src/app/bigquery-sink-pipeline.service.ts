import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { describeLayout, EngagementTable } from '@cdc/bigquery-store';
import { Topics } from '@cdc/contracts';
import { BatchConsumerFactory, TopicAdmin } from '@cdc/kafka';
import { BatchWriter } from './batch-writer';
import { BigquerySinkConfig } from './bigquery-sink.config';
import { EnrichedRecordsHandler } from './enriched-records.handler';

/**
 * Start-up order: topics, then the table (an incompatible table stops the app before anything
 * is consumed), then the consumer of the live and backfill topics.
 */
@Injectable()
export class BigquerySinkPipeline implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BigquerySinkPipeline.name);

  constructor(
    private readonly config: BigquerySinkConfig,
    private readonly admin: TopicAdmin,
    private readonly consumers: BatchConsumerFactory,
    private readonly table: EngagementTable,
    private readonly handler: EnrichedRecordsHandler,
    private readonly writer: BatchWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.admin.ensureTopics([
      { topic: Topics.enriched, partitions: this.config.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.backfill, partitions: this.config.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.bigquerySinkDeadLetter, partitions: 1 },
    ]);
    await this.table.ensure();
    this.logger.log(`Writing to ${this.table.name} (${describeLayout(this.table.layout)})`);
    await this.consumers
      .create({
        groupId: this.config.BIGQUERY_SINK_GROUP_ID,
        topics: [Topics.enriched, Topics.backfill],
        fromBeginning: true,
        maxWaitTimeInMs: this.config.CONSUMER_MAX_WAIT_MS,
        handler: (records, context) => this.handler.handle(records, context),
      })
      .start();
  }

  /** Runs after the consumers stopped and committed: rows still pending are simply re-read by the next owner. */
  onApplicationShutdown(): void {
    this.handler.batcher.stop();
    this.writer.stop();
  }
}
