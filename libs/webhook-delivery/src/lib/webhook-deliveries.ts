import { setTimeout as sleep } from 'node:timers/promises';

import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { DeliveryDispatcher, type DispatcherOptions } from './delivery-dispatcher';
import { DeliveryAbandonedError } from './delivery-errors';
import type { EventOutcome, WebhookDeliverer } from './webhook-deliverer';
import type { WebhookMetrics } from './webhook-metrics';

export interface WebhookDeliveriesOptions extends DispatcherOptions {
  /** Backpressure: the consumer stops fetching while this many events await delivery. */
  maxPending: number;
}

/** An event the sink gave up on, with the consumed record it came from (the sink's type). */
export interface GivenUpDelivery<R> {
  record: R;
  reason: string;
  eventId: string;
  attempts: number;
  lastStatus: number | null;
}

/**
 * Where outcomes go. The sink supplies them (its dead-letter topic, its standard metrics), so
 * this library needs neither Kafka nor Nest and the replay command can share it.
 */
export interface DeliveryReports<R> {
  /** Resolves once the letters are durable; may reject only after `signal` aborted. */
  deadLetter(letters: GivenUpDelivery<R>[], signal: AbortSignal): Promise<void>;
  delivered(event: EnrichedEngagementEventV1): void;
}

/** The consumer's hold on its batch while it waits (a BatchContext fits). */
export interface ConsumerHold {
  heartbeat(): Promise<void>;
  isActive(): boolean;
}

/**
 * Owns delivery: events are queued per content in the dispatcher, sent through the policies,
 * and each settles only once delivered or dead-lettered. While the endpoint is down the
 * deliverer holds (never skips), and the consumer stops fetching once too many are pending.
 * After close() nothing settles any more: the offsets of what was pending stay uncommitted.
 */
export class WebhookDeliveries<R> {
  private readonly dispatcher: DeliveryDispatcher;
  private readonly records = new Map<string, R>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly options: WebhookDeliveriesOptions,
    readonly deliverer: WebhookDeliverer,
    private readonly metrics: WebhookMetrics,
    private readonly reports: DeliveryReports<R>,
  ) {
    this.dispatcher = new DeliveryDispatcher(options, (events) => this.send(events));
  }

  get pending(): number {
    return this.dispatcher.pending;
  }

  /** Settles once the event is delivered or dead-lettered; rejects if abandoned on shutdown. */
  submit(event: EnrichedEngagementEventV1, record: R): Promise<void> {
    if (!this.records.has(event.event_id)) {
      this.records.set(event.event_id, record);
    }
    const settled = this.dispatcher.submit(event);
    this.metrics.pending.set(this.dispatcher.pending);
    return settled;
  }

  /** Holds the consumer (heartbeating) while the pending queue is full. */
  async awaitCapacity(hold: ConsumerHold): Promise<void> {
    let lastBeat = Date.now();
    while (this.dispatcher.pending >= this.options.maxPending && hold.isActive()) {
      await sleep(50);
      if (Date.now() - lastBeat > 1_000) {
        await hold.heartbeat();
        lastBeat = Date.now();
      }
    }
  }

  /** Stops holding for the endpoint and retrying dead letters, then closes the HTTP pool. */
  close(): Promise<void> {
    this.shutdown.abort();
    return this.deliverer.close();
  }

  private async send(events: EnrichedEngagementEventV1[]): Promise<void> {
    const control = { signal: this.shutdown.signal, holdWhileUnavailable: true };
    const outcomes = await this.deliverer.deliver(events, control);
    const dead: GivenUpDelivery<R>[] = [];
    events.forEach((event, index) => {
      const outcome = outcomes[index] as EventOutcome;
      if (outcome.kind === 'delivered') {
        this.reports.delivered(event);
        return;
      }
      const verdict = outcome.permanent ? 'rejected permanently' : 'gave up';
      dead.push({
        record: this.records.get(event.event_id) as R,
        reason: `${verdict}: ${outcome.error}`,
        eventId: event.event_id,
        attempts: outcome.attempts,
        lastStatus: outcome.status,
      });
    });
    if (dead.length > 0) {
      await this.deadLetter(dead);
    }
    for (const event of events) {
      this.records.delete(event.event_id);
    }
    this.metrics.pending.set(this.dispatcher.pending - events.length);
  }

  private async deadLetter(dead: GivenUpDelivery<R>[]): Promise<void> {
    try {
      await this.reports.deadLetter(dead, this.shutdown.signal);
    } catch (error) {
      if (!this.shutdown.signal.aborted) {
        throw error;
      }
      throw new DeliveryAbandonedError(`dead-lettering abandoned on shutdown: ${String(error)}`);
    }
  }
}
