import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Topics } from '@cdc/contracts';
import { BatchConsumerFactory, TopicAdmin } from '@cdc/kafka';
import { ReadinessRegistry } from '@cdc/platform';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { WebhookRecordsProcessor } from './webhook-records.processor';
import { DEV_WEBHOOK_SECRET, WebhookSinkConfig } from './webhook-sink.config';

/** Creates the topics, starts the consumer of live and backfill events, reports the breaker. */
@Injectable()
export class WebhookSinkPipeline implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookSinkPipeline.name);

  constructor(
    private readonly config: WebhookSinkConfig,
    private readonly admin: TopicAdmin,
    private readonly consumers: BatchConsumerFactory,
    private readonly processor: WebhookRecordsProcessor,
    private readonly deliveries: WebhookDeliveries,
    private readonly readiness: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
  ) {}

  /**
   * The breaker is reported but never makes the pod unready: a restart cannot heal the
   * partner's endpoint, and an unready pod would only hide the state from the probe.
   */
  onModuleInit(): void {
    this.readiness.register('webhook', async () =>
      this.indicator.check('webhook').up({
        breaker: this.deliveries.deliverer.policy.breakerState,
        pendingEvents: this.deliveries.pending,
        url: redactedUrl(this.config.WEBHOOK_URL),
      }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.WEBHOOK_SECRET === DEV_WEBHOOK_SECRET) {
      this.logger.warn(
        'WEBHOOK_SECRET is the development default; set a real shared secret outside local runs',
      );
    }
    const partitions = this.config.KAFKA_TOPIC_PARTITIONS;
    await this.admin.ensureTopics([
      { topic: Topics.enriched, partitions },
      { topic: Topics.backfill, partitions },
      { topic: Topics.webhookSinkDeadLetter, partitions: 1 },
    ]);
    await this.consumers
      .create({
        groupId: this.config.WEBHOOK_GROUP_ID,
        topics: [Topics.enriched, Topics.backfill],
        fromBeginning: true,
        maxWaitTimeInMs: this.config.CONSUMER_MAX_WAIT_MS,
        partitionsConsumedConcurrently: this.config.WEBHOOK_PARTITIONS_CONSUMED_CONCURRENTLY,
        handler: (records, context) => this.processor.handle(records, context),
      })
      .start();
  }
}

/** Credentials in a URL never reach health output. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.username || parsed.password) {
    parsed.username = '***';
    parsed.password = '';
  }
  return `${parsed.origin}${parsed.pathname}`;
}
