import type { BatchContext, InboundRecord } from '@cdc/kafka';
import { SinkMetrics, type SinkPutResult, type SinkRecord, type SinkTask } from '@cdc/sink-runtime';
import { EventFilter, WebhookDeliveries } from '@cdc/webhook-delivery';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { DEV_WEBHOOK_SECRET, WebhookSinkConfig } from './webhook-sink.config';

/**
 * Hands the events the filter lets through to the deliveries and defers their offsets until
 * each is delivered or dead-lettered; the filtered ones complete with the batch.
 */
@Injectable()
export class WebhookSinkTask implements SinkTask, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookSinkTask.name);
  private readonly filter: EventFilter;

  constructor(
    private readonly config: WebhookSinkConfig,
    private readonly deliveries: WebhookDeliveries<InboundRecord>,
    private readonly metrics: SinkMetrics,
  ) {
    this.filter = new EventFilter({
      eventTypes: config.WEBHOOK_EVENT_TYPES,
      contentTypes: config.WEBHOOK_CONTENT_TYPES,
      origins: config.WEBHOOK_ORIGINS,
      excludeSnapshotReads: config.WEBHOOK_EXCLUDE_SNAPSHOT_READS,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_SECRET === DEV_WEBHOOK_SECRET) {
      this.logger.warn(
        'WEBHOOK_SECRET is the development default; set a real shared secret outside local runs',
      );
    }
  }

  async put(records: readonly SinkRecord[], context: BatchContext): Promise<SinkPutResult> {
    const deferred: NonNullable<SinkPutResult['deferred']> = [];
    for (const { record, event } of records) {
      if (!this.filter.matches(event)) {
        this.metrics.count('filtered');
        continue;
      }
      deferred.push({ record, settled: this.deliveries.submit(event, record) });
    }
    await this.deliveries.awaitCapacity(context);
    return { deferred };
  }

  /** After the consumer stopped and committed: what is still pending is abandoned, uncommitted. */
  onApplicationShutdown(): Promise<void> {
    return this.deliveries.close();
  }
}
