import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type EnrichedEngagementEventV1, Topics } from '@cdc/contracts';
import {
  type BatchContext,
  type DeadLetter,
  DeadLetterPublisher,
  type InboundRecord,
} from '@cdc/kafka';
import {
  DeliveryAbandonedError,
  DeliveryDispatcher,
  type EventOutcome,
  WebhookDeliverer,
  WebhookMetrics,
} from '@cdc/webhook-delivery';
import { WebhookSinkConfig, deliveryOptionsFrom } from './webhook-sink.config';

export const WEBHOOK_STAGE = 'webhook-sink';

/**
 * Owns delivery: events are queued per content in the dispatcher, sent through the policies,
 * and each settles only once delivered or dead-lettered. While the endpoint is down the
 * deliverer holds (never skips), and the consumer stops fetching once too many are pending.
 */
@Injectable()
export class WebhookDeliveries implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveries.name);
  readonly deliverer: WebhookDeliverer;
  private readonly dispatcher: DeliveryDispatcher;
  private readonly records = new Map<string, InboundRecord>();
  private stopped = false;

  constructor(
    private readonly config: WebhookSinkConfig,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: WebhookMetrics,
  ) {
    this.deliverer = new WebhookDeliverer(deliveryOptionsFrom(config), metrics);
    this.dispatcher = new DeliveryDispatcher(
      {
        batchSize: config.WEBHOOK_BATCH_SIZE,
        lingerMs: config.WEBHOOK_BATCH_LINGER_MS,
        maxInFlight: config.WEBHOOK_MAX_IN_FLIGHT,
      },
      (events) => this.send(events),
    );
  }

  get pending(): number {
    return this.dispatcher.pending;
  }

  submit(event: EnrichedEngagementEventV1, record: InboundRecord): Promise<void> {
    if (!this.records.has(event.event_id)) this.records.set(event.event_id, record);
    const settled = this.dispatcher.submit(event);
    this.metrics.pending.set(this.dispatcher.pending);
    return settled;
  }

  /** Holds the consumer (heartbeating) while the pending queue is full. */
  async awaitCapacity(context: BatchContext): Promise<void> {
    let lastBeat = Date.now();
    while (
      this.dispatcher.pending >= this.config.WEBHOOK_MAX_PENDING_EVENTS &&
      context.isActive()
    ) {
      await sleep(50);
      if (Date.now() - lastBeat > 1_000) {
        await context.heartbeat();
        lastBeat = Date.now();
      }
    }
  }

  onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    return this.deliverer.close();
  }

  private async send(events: EnrichedEngagementEventV1[]): Promise<void> {
    const control = { isStopped: () => this.stopped, holdWhileUnavailable: true };
    const outcomes = await this.deliverer.deliver(events, control);
    const dead: DeadLetter[] = [];
    events.forEach((event, index) => {
      const outcome = outcomes[index] as EventOutcome;
      const record = this.records.get(event.event_id) as InboundRecord;
      if (outcome.kind === 'delivered') {
        this.metrics.events.inc({ outcome: 'delivered' });
        if (event.source_ts_ms !== null)
          this.metrics.commitToDeliverySeconds.observe((Date.now() - event.source_ts_ms) / 1000);
      } else {
        const verdict = outcome.permanent ? 'rejected permanently' : 'gave up';
        dead.push({
          record,
          reason: `${verdict}: ${outcome.error}`,
          eventId: event.event_id,
          attempts: outcome.attempts,
          lastStatus: outcome.status,
        });
      }
    });
    await this.deadLetter(dead);
    for (const event of events) this.records.delete(event.event_id);
    this.metrics.pending.set(this.dispatcher.pending - events.length);
  }

  /** Dead letters must land before their offsets commit: retried until Kafka takes them. */
  private async deadLetter(dead: DeadLetter[]): Promise<void> {
    if (dead.length === 0) return;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.deadLetters.send(Topics.webhookSinkDeadLetter, WEBHOOK_STAGE, dead);
        this.metrics.events.inc({ outcome: 'dead_lettered' }, dead.length);
        return;
      } catch (error) {
        if (this.stopped)
          throw new DeliveryAbandonedError(
            `dead-lettering abandoned on shutdown: ${String(error)}`,
          );
        this.logger.warn(
          `Dead-lettering ${dead.length} event(s) failed (attempt ${attempt}): ${String(error)}`,
        );
        await sleep(Math.min(5_000, 200 * 2 ** attempt));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
