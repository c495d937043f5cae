import { setTimeout as sleep } from 'node:timers/promises';

import { ExponentialBackoff, type IBackoff } from 'cockatiel';

export interface RetryOptions {
  /** First delay; each later one grows exponentially with cockatiel's decorrelated jitter. */
  initialMs: number;
  maxMs: number;
  /** Attempts in all, the first included; unbounded when omitted (an outage pauses, never drops). */
  maxAttempts?: number;
  /** Aborting stops the waiting at once and rejects with the last error. */
  signal?: AbortSignal;
  /** False for errors that no retry can heal: they are thrown at once. */
  isRetryable?: (error: unknown) => boolean;
  onRetry?: (failure: RetryFailure) => void;
}

export interface RetryFailure {
  attempt: number;
  delayMs: number;
  error: unknown;
}

/**
 * The one retry loop of the project: every I/O that must eventually succeed (a batch write,
 * a dead letter, a lookup) goes through it, so all retries share one backoff with jitter and
 * all of them stop waiting as soon as their work is abandoned.
 */
export async function retryWithBackoff<T>(
  work: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  let backoff: IBackoff<unknown> | undefined;
  const factory = new ExponentialBackoff({
    initialDelay: options.initialMs,
    maxDelay: options.maxMs,
  });
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      const exhausted = options.maxAttempts !== undefined && attempt >= options.maxAttempts;
      const healable = options.isRetryable?.(error) ?? true;
      if (exhausted || !healable || options.signal?.aborted) {
        throw error;
      }
      backoff = (backoff ?? factory).next(undefined);
      const delayMs = Math.round(backoff.duration);
      options.onRetry?.({ attempt, delayMs, error });
      await pause(delayMs, options.signal);
      if (options.signal?.aborted) {
        throw error;
      }
    }
  }
}

async function pause(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(delayMs, undefined, signal ? { signal } : undefined);
  } catch {
    // Aborted: the caller rethrows the last error of the work.
  }
}
