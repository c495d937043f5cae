import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SourceTables, Topics, cdcTopic } from '@cdc/contracts';
import { BatchConsumerFactory, TopicAdmin } from '@cdc/kafka';
import { ContentSync } from './content-sync.service';
import { EnrichmentConfig } from './enrichment.config';
import { EngagementEventsProcessor } from './engagement-events.processor';

/** Start-up order matters: topics, then the content catalog, then the events. */
@Injectable()
export class EnrichmentPipeline implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly config: EnrichmentConfig,
    private readonly admin: TopicAdmin,
    private readonly consumers: BatchConsumerFactory,
    private readonly content: ContentSync,
    private readonly processor: EngagementEventsProcessor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.CDC_TOPIC_PREFIX;
    const eventsTopic = cdcTopic(prefix, SourceTables.engagementEvents);
    // Debezium creates its topics on first write; creating them here lets us subscribe first.
    await this.admin.ensureTopics([
      { topic: cdcTopic(prefix, SourceTables.content), partitions: 1 },
      { topic: eventsTopic, partitions: 1 },
      { topic: Topics.enriched, partitions: this.config.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.enrichmentDeadLetter, partitions: 1 },
    ]);
    await this.content.start();
    await this.consumers
      .create({
        groupId: this.config.ENRICHMENT_GROUP_ID,
        topics: [eventsTopic],
        fromBeginning: true,
        maxWaitTimeInMs: this.config.CONSUMER_MAX_WAIT_MS,
        handler: (records, context) => this.processor.handle(records, context),
      })
      .start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.content.stop();
  }
}
