import { MetricsRegistry } from '@cdc/platform';
import { ConstantBackoff, type IRetryBackoffContext } from 'cockatiel';

import { RetryableDeliveryError } from './delivery-errors';
import { DeliveryPolicy, RetryAfterBackoff } from './delivery-policy';
import type { WebhookDeliveryOptions } from './webhook-delivery.options';
import type { AttemptResult } from './webhook-http-client';
import { WebhookMetrics } from './webhook-metrics';

const options: WebhookDeliveryOptions = {
  url: 'http://127.0.0.1:1/unused',
  secrets: [`whsec_${Buffer.from('unit-test-secret-0123456789').toString('base64')}`],
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 1_000,
  maxInFlight: 4,
  // 1 ms delays: these tests check decisions, not timing.
  retry: {
    maxAttempts: 3,
    initialDelayMs: 1,
    maxDelayMs: 1,
    maxElapsedMs: 60_000,
    retryAfterMaxMs: 60_000,
  },
  breaker: { threshold: 5, halfOpenAfterMs: 60_000, halfOpenMaxMs: 60_000 },
};

const unavailable = () => new RetryableDeliveryError('HTTP 503: down', 503, '503');

/** An attempt function that plays back the given outcomes, one per call. */
function script(...outcomes: (AttemptResult | RetryableDeliveryError)[]) {
  let calls = 0;
  const attempt = async (): Promise<AttemptResult> => {
    const next = outcomes[Math.min(calls, outcomes.length - 1)] as
      AttemptResult | RetryableDeliveryError;
    calls += 1;
    if (next instanceof Error) {
      throw next;
    }
    return next;
  };
  return { attempt, calls: () => calls };
}

describe('DeliveryPolicy', () => {
  let policy: DeliveryPolicy;
  let metrics: WebhookMetrics;

  beforeEach(() => {
    metrics = new WebhookMetrics(new MetricsRegistry());
    policy = new DeliveryPolicy(options, metrics);
  });

  it('retries retryable failures until delivered, counting the retries by cause', async () => {
    const { attempt } = script(
      unavailable(),
      new RetryableDeliveryError('timeout', null, 'timeout'),
      { kind: 'delivered', status: 200 },
    );
    expect(await policy.run(attempt)).toEqual({ kind: 'delivered', status: 200, attempts: 3 });
    expect(
      (await metrics.retries.get()).values.map((value) => [value.labels['cause'], value.value]),
    ).toEqual([
      ['503', 1],
      ['timeout', 1],
    ]);
  });

  it('does not retry a permanent answer, and it does not count against the breaker', async () => {
    const { attempt, calls } = script({ kind: 'permanent', status: 400, error: 'HTTP 400: bad' });
    expect(await policy.run(attempt)).toEqual({
      kind: 'permanent',
      status: 400,
      error: 'HTTP 400: bad',
      attempts: 1,
    });
    expect(calls()).toBe(1);
    expect(policy.breakerState).toBe('closed');
  });

  it('gives up after maxAttempts with the last failure while the circuit is closed', async () => {
    const { attempt, calls } = script(unavailable());
    const result = await policy.run(attempt);
    expect(result).toMatchObject({
      kind: 'exhausted',
      attempts: 3,
      last: { status: 503, message: 'HTTP 503: down' },
    });
    expect(calls()).toBe(3);
  });

  it('opens after threshold consecutive failures; then nothing reaches the network and the round reports unavailable', async () => {
    const failing = script(unavailable());
    expect(await policy.run(failing.attempt)).toMatchObject({ kind: 'exhausted', attempts: 3 });
    expect(await policy.run(failing.attempt)).toMatchObject({ kind: 'unavailable', attempts: 2 });
    expect(policy.breakerState).toBe('open');
    expect((await metrics.breakerState.get()).values[0]?.value).toBe(1);
    const later = script({ kind: 'delivered', status: 200 });
    expect(await policy.run(later.attempt)).toEqual({
      kind: 'unavailable',
      reason: 'circuit open',
      attempts: 0,
    });
    expect(later.calls()).toBe(0);
  });

  it('takes a permanent answer to the half-open probe as permanent, and closes the circuit', async () => {
    const quick = new DeliveryPolicy(
      { ...options, breaker: { threshold: 2, halfOpenAfterMs: 20, halfOpenMaxMs: 20 } },
      metrics,
    );
    expect(await quick.run(script(unavailable()).attempt)).toMatchObject({
      kind: 'unavailable',
      attempts: 2,
    });
    expect(quick.breakerState).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 60));
    // The only request on a quiet stream: the probe carries the poison event.
    const probe = script({ kind: 'permanent', status: 422, error: 'HTTP 422: bad event' });
    expect(await quick.run(probe.attempt)).toEqual({
      kind: 'permanent',
      status: 422,
      error: 'HTTP 422: bad event',
      attempts: 1,
    });
    expect(probe.calls()).toBe(1);
    expect(quick.breakerState).toBe('closed');
  });
});

describe('RetryAfterBackoff', () => {
  const context = (error: Error): IRetryBackoffContext<unknown> => ({
    attempt: 1,
    signal: new AbortController().signal,
    result: { error },
  });

  it('waits at least as long as Retry-After asks', () => {
    const backoff = new RetryAfterBackoff(new ConstantBackoff(10));
    expect(
      backoff.next(context(new RetryableDeliveryError('HTTP 429', 429, '429', 5_000))).duration,
    ).toBe(5_000);
  });

  it('keeps the exponential delay when it is longer than the hint, or when there is no hint', () => {
    const backoff = new RetryAfterBackoff(new ConstantBackoff(10));
    expect(
      backoff.next(context(new RetryableDeliveryError('HTTP 503', 503, '503', 3))).duration,
    ).toBe(10);
    expect(backoff.next(context(new RetryableDeliveryError('HTTP 503', 503, '503'))).duration).toBe(
      10,
    );
    expect(backoff.next(context(new Error('other'))).duration).toBe(10);
  });

  it('applies the hint again on later retries', () => {
    const first = new RetryAfterBackoff(new ConstantBackoff(10)).next(
      context(new RetryableDeliveryError('HTTP 503', 503, '503')),
    );
    expect(
      first.next(context(new RetryableDeliveryError('HTTP 429', 429, '429', 2_000))).duration,
    ).toBe(2_000);
  });
});
