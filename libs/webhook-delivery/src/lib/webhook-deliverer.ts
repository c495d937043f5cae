import { setTimeout as sleep } from 'node:timers/promises';

import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { DeliveryAbandonedError } from './delivery-errors';
import { DeliveryPolicy, type RoundResult } from './delivery-policy';
import { EndpointStatus } from './endpoint-status';
import type { WebhookDeliveryOptions } from './webhook-delivery.options';
import { type AttemptResult, WebhookHttpClient } from './webhook-http-client';
import type { WebhookMetrics } from './webhook-metrics';
import { buildPayload } from './webhook-payload';

const GONE_ERROR = 'endpoint gone (HTTP 410): deliveries to it are paused';

export type EventOutcome =
  | { kind: 'delivered'; status: number; attempts: number }
  | { kind: 'failed'; permanent: boolean; status: number | null; error: string; attempts: number };

export interface DeliverControl {
  /** Aborted once the caller is shutting down: stop holding and abandon. */
  signal: AbortSignal;
  /**
   * While the endpoint is unavailable (circuit open) or gone (410), keep waiting (the sink:
   * nothing is skipped), or report a failure at once (the replay command).
   */
  holdWhileUnavailable: boolean;
}

/** Delivers events as signed requests through the policies; knows nothing of Kafka. */
export class WebhookDeliverer {
  readonly policy: DeliveryPolicy;
  /** Paused by a 410 Gone until resumed (in practice: until the sink restarts). */
  readonly endpoint = new EndpointStatus();
  private readonly client: WebhookHttpClient;

  constructor(
    options: WebhookDeliveryOptions,
    private readonly metrics: WebhookMetrics,
  ) {
    this.client = new WebhookHttpClient(options);
    this.policy = new DeliveryPolicy(options, metrics);
    this.endpoint.onChange((gone) => metrics.endpointGone.set(gone ? 1 : 0));
  }

  /**
   * One request for all events. If the receiver rejects the batch permanently, each event is
   * sent on its own so one bad event does not take its neighbours to the dead-letter topic.
   * Returns one outcome per event, in order.
   */
  async deliver(
    events: readonly EnrichedEngagementEventV1[],
    control: DeliverControl,
  ): Promise<EventOutcome[]> {
    const outcome = await this.deliverRequest(events, control);
    if (outcome.kind === 'failed' && outcome.permanent && events.length > 1) {
      const outcomes: EventOutcome[] = [];
      for (const event of events) {
        const single = await this.deliverRequest([event], control);
        outcomes.push(
          single.kind === 'failed'
            ? { ...single, attempts: single.attempts + outcome.attempts }
            : single,
        );
      }
      return outcomes;
    }
    return events.map(() => outcome);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async deliverRequest(
    events: readonly EnrichedEngagementEventV1[],
    control: DeliverControl,
  ): Promise<EventOutcome> {
    const { key, body } = buildPayload(events);
    let attempts = 0;
    for (;;) {
      if (control.signal.aborted) {
        throw new DeliveryAbandonedError(`abandoned delivery ${key} on shutdown`);
      }
      if (this.endpoint.gone) {
        if (!control.holdWhileUnavailable) {
          return { kind: 'failed', permanent: false, status: 410, error: GONE_ERROR, attempts };
        }
        await this.endpoint.whileGone(control.signal);
        continue;
      }
      const round: RoundResult = await this.policy.run(() => this.attempt(key, body));
      attempts += round.attempts;
      switch (round.kind) {
        case 'delivered':
          return { kind: 'delivered', status: round.status, attempts };
        case 'gone':
          this.endpoint.markGone(key);
          break;
        case 'permanent':
          return {
            kind: 'failed',
            permanent: true,
            status: round.status,
            error: round.error,
            attempts,
          };
        case 'exhausted':
          return {
            kind: 'failed',
            permanent: false,
            status: round.last.status,
            error: `retries exhausted after ${attempts} attempts; last: ${round.last.message}`,
            attempts,
          };
        case 'unavailable':
          if (!control.holdWhileUnavailable) {
            return {
              kind: 'failed',
              permanent: false,
              status: null,
              error: `endpoint unavailable (${round.reason})`,
              attempts,
            };
          }
          await sleep(this.policy.holdMs, undefined, { signal: control.signal }).catch(
            () => undefined,
          );
      }
    }
  }

  private async attempt(key: string, body: string): Promise<AttemptResult> {
    const endTimer = this.metrics.requestSeconds.startTimer();
    this.metrics.inFlight.inc();
    try {
      const result = await this.client.post(key, body);
      this.metrics.requests.inc({ status: String(result.status) });
      return result;
    } catch (error) {
      const label = (error as { label?: string }).label ?? 'network';
      this.metrics.requests.inc({ status: label });
      throw error;
    } finally {
      this.metrics.inFlight.dec();
      endTimer();
    }
  }
}
