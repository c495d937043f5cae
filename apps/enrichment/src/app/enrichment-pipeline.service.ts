import { cdcTopic, SourceTables, Topics } from '@cdc/contracts';
import { TopicAdmin } from '@cdc/kafka';
import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { ContentSync } from './content-sync.service';
import { EnrichmentConfig } from './enrichment.config';

/**
 * Start-up order matters: topics, then the content catalog; the events consumer (the
 * transport) starts only after every bootstrap hook, so no event is enriched before it.
 */
@Injectable()
export class EnrichmentPipeline implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly config: EnrichmentConfig,
    private readonly admin: TopicAdmin,
    private readonly content: ContentSync,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const prefix = this.config.CDC_TOPIC_PREFIX;
    // Debezium creates its topics on first write; creating them here lets us subscribe first.
    await this.admin.ensureTopics([
      { topic: cdcTopic(prefix, SourceTables.content), partitions: 1 },
      { topic: cdcTopic(prefix, SourceTables.engagementEvents), partitions: 1 },
      { topic: Topics.enriched, partitions: this.config.KAFKA_TOPIC_PARTITIONS },
      { topic: Topics.enrichmentDeadLetter, partitions: 1 },
    ]);
    await this.content.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.content.stop();
  }
}
