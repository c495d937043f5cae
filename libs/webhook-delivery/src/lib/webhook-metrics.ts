import type { MetricsRegistry } from '@cdc/platform';

/**
 * Webhook delivery metrics; names are documented in the README. Records by outcome and the
 * commit → delivery latency are the sink's standard metrics (`cdc_sink_*`), not these.
 */
export class WebhookMetrics {
  readonly requests;
  readonly requestSeconds;
  readonly retries;
  readonly breakerState;
  readonly breakerTransitions;
  readonly inFlight;
  readonly pending;
  readonly endpointGone;

  constructor(metrics: MetricsRegistry) {
    this.requests = metrics.counter(
      'cdc_webhook_requests_total',
      'Webhook HTTP requests by outcome: the status code, "timeout" or "network"',
      ['status'],
    );
    this.requestSeconds = metrics.histogram(
      'cdc_webhook_request_seconds',
      'Duration of one webhook HTTP request',
      [],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.retries = metrics.counter(
      'cdc_webhook_retries_total',
      'Webhook requests retried, by the cause of the failed attempt',
      ['cause'],
    );
    this.breakerState = metrics.gauge(
      'cdc_webhook_breaker_state',
      'Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 isolated',
    );
    this.breakerTransitions = metrics.counter(
      'cdc_webhook_breaker_transitions_total',
      'Circuit breaker state changes, by new state',
      ['state'],
    );
    this.inFlight = metrics.gauge('cdc_webhook_requests_in_flight', 'Webhook requests in flight');
    this.pending = metrics.gauge(
      'cdc_webhook_pending_events',
      'Events accepted from Kafka and not yet delivered or dead-lettered',
    );
    this.endpointGone = metrics.gauge(
      'cdc_webhook_endpoint_gone',
      'Whether the endpoint answered 410 Gone and deliveries are paused until a restart: 0 or 1',
    );
    this.breakerState.set(0);
    this.endpointGone.set(0);
  }
}
