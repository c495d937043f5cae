import {
  BrokenCircuitError,
  bulkhead,
  type BulkheadPolicy,
  circuitBreaker,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  halfJitterGenerator,
  handleType,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
  type RetryPolicy,
} from 'cockatiel';

import { RetryableDeliveryError, RetryBudgetExhaustedError } from './delivery-errors';
import type { WebhookDeliveryOptions } from './webhook-delivery.options';
import type { AttemptResult } from './webhook-http-client';
import type { WebhookMetrics } from './webhook-metrics';

/** One delivery round: delivered, permanent, out of retry budget, or the endpoint looks down. */
export type RoundResult =
  | (AttemptResult & { attempts: number })
  | { kind: 'exhausted'; last: RetryableDeliveryError; attempts: number }
  | { kind: 'unavailable'; reason: string; attempts: number };

/**
 * retry → circuit breaker → bulkhead → request. Retries use exponential backoff with
 * decorrelated jitter (cockatiel's default), stretched to any Retry-After hint, and stop after maxAttempts or
 * maxElapsedMs. The breaker opens after `threshold` consecutive retryable failures and lets
 * one probe through when half-open; while it is open nothing reaches the network.
 */
export class DeliveryPolicy {
  readonly breaker: CircuitBreakerPolicy;
  private readonly retry: RetryPolicy;
  private readonly bulkhead: BulkheadPolicy;

  constructor(
    private readonly options: WebhookDeliveryOptions,
    private readonly metrics: WebhookMetrics,
  ) {
    const { breaker, retry: retryOptions } = options;
    this.breaker = circuitBreaker(handleType(RetryableDeliveryError), {
      breaker: new ConsecutiveBreaker(breaker.threshold),
      // Half jitter keeps each wait within [d/2, d], d = halfOpenAfterMs·2^n capped: a bounded probe rate.
      halfOpenAfter: new ExponentialBackoff({
        generator: halfJitterGenerator,
        initialDelay: breaker.halfOpenAfterMs,
        maxDelay: breaker.halfOpenMaxMs,
      }),
    });
    this.retry = retry(handleType(RetryableDeliveryError), {
      maxAttempts: retryOptions.maxAttempts - 1,
      backoff: new RetryAfterBackoff(
        new ExponentialBackoff({
          initialDelay: retryOptions.initialDelayMs,
          maxDelay: retryOptions.maxDelayMs,
        }),
      ),
    });
    this.bulkhead = bulkhead(options.maxInFlight, Number.MAX_SAFE_INTEGER);
    this.breaker.onStateChange((state) => {
      metrics.breakerState.set(state);
      metrics.breakerTransitions.inc({ state: CircuitState[state].toLowerCase() });
    });
    this.retry.onRetry((reason) => {
      const error = 'error' in reason ? reason.error : null;
      metrics.retries.inc({
        cause: error instanceof RetryableDeliveryError ? error.label : 'other',
      });
    });
  }

  get breakerState(): string {
    return CircuitState[this.breaker.state].toLowerCase();
  }

  /** Wait before the next round after an `unavailable` one: when a probe may next go out. */
  get holdMs(): number {
    return this.options.breaker.halfOpenAfterMs;
  }

  async run(attempt: () => Promise<AttemptResult>): Promise<RoundResult> {
    const started = Date.now();
    let attempts = 0;
    let last: RetryableDeliveryError | null = null;
    try {
      const result = await this.retry.execute(async () => {
        // Checked outside the breaker: giving up is not a verdict on the endpoint.
        if (last && Date.now() - started >= this.options.retry.maxElapsedMs) {
          throw new RetryBudgetExhaustedError(last);
        }
        return this.breaker.execute(() =>
          this.bulkhead.execute(async () => {
            attempts += 1;
            try {
              return await attempt();
            } catch (error) {
              if (error instanceof RetryableDeliveryError) {
                last = error;
              }
              throw error;
            }
          }),
        );
      });
      return { ...result, attempts };
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        return {
          kind: 'unavailable',
          reason: `circuit ${this.breakerState}${last ? `; last: ${(last as Error).message}` : ''}`,
          attempts,
        };
      }
      const final = error instanceof RetryBudgetExhaustedError ? error.last : error;
      if (!(final instanceof RetryableDeliveryError)) {
        throw error;
      }
      // Failing while the circuit is not closed means the endpoint is down, not this request bad.
      if (this.breaker.state !== CircuitState.Closed) {
        return {
          kind: 'unavailable',
          reason: `circuit ${this.breakerState}; last: ${final.message}`,
          attempts,
        };
      }
      return { kind: 'exhausted', last: final, attempts };
    }
  }
}

/** Exponential backoff with jitter, never shorter than the server's Retry-After hint. */
export class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly inner: IBackoffFactory<unknown>) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const base = this.inner.next(context);
    const error = 'error' in context.result ? context.result.error : null;
    const hinted = error instanceof RetryableDeliveryError ? error.retryAfterMs : null;
    const successor = new RetryAfterBackoff(base);
    return { duration: Math.max(base.duration, hinted ?? 0), next: (next) => successor.next(next) };
  }
}
