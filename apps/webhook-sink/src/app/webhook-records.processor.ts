import { Injectable } from '@nestjs/common';
import { RecordHeaders, Topics, decodeEnrichedEvent, parseTargetSinks } from '@cdc/contracts';
import {
  type BatchContext,
  type BatchOutcome,
  type DeadLetter,
  DeadLetterPublisher,
  type InboundRecord,
} from '@cdc/kafka';
import { EventFilter, WebhookMetrics } from '@cdc/webhook-delivery';
import { WEBHOOK_STAGE, WebhookDeliveries } from './webhook-deliveries.service';
import { WebhookSinkConfig } from './webhook-sink.config';

/**
 * Turns consumed records into deliveries. Backfill records not aimed at this sink, filtered
 * events and undecodable records (dead-lettered) complete with the batch; every other record
 * is deferred until its delivery settles, so its offset commits only once it was delivered
 * or dead-lettered.
 */
@Injectable()
export class WebhookRecordsProcessor {
  private readonly filter: EventFilter;

  constructor(
    private readonly config: WebhookSinkConfig,
    private readonly deliveries: WebhookDeliveries,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: WebhookMetrics,
  ) {
    this.filter = new EventFilter({
      eventTypes: config.WEBHOOK_EVENT_TYPES,
      contentTypes: config.WEBHOOK_CONTENT_TYPES,
      origins: config.WEBHOOK_ORIGINS,
    });
  }

  async handle(records: InboundRecord[], context: BatchContext): Promise<BatchOutcome> {
    const deferred: NonNullable<BatchOutcome['deferred']> = [];
    const dead: DeadLetter[] = [];
    for (const record of records) {
      if (!targetsThisSink(record)) {
        this.metrics.events.inc({ outcome: 'not_targeted' });
        continue;
      }
      const decoded = decodeEnrichedEvent(record.value);
      if (!decoded.ok) {
        dead.push({
          record,
          reason: `invalid enriched event: ${decoded.errors.join('; ')}`,
          eventId: record.headers[RecordHeaders.eventId] ?? null,
        });
        this.metrics.events.inc({ outcome: 'invalid' });
        continue;
      }
      if (!this.filter.matches(decoded.value)) {
        this.metrics.events.inc({ outcome: 'filtered' });
        continue;
      }
      deferred.push({
        offset: record.offset,
        settled: this.deliveries.submit(decoded.value, record),
      });
    }
    await this.deadLetters.send(Topics.webhookSinkDeadLetter, WEBHOOK_STAGE, dead);
    await this.deliveries.awaitCapacity(context);
    return { deferred };
  }
}

/** Live records go to every sink; a backfill record only to the sinks its header names. */
function targetsThisSink(record: InboundRecord): boolean {
  if (record.topic !== Topics.backfill) return true;
  return parseTargetSinks(record.headers[RecordHeaders.targetSinks]).includes('webhook');
}
