export interface RetryOptions {
  /** Attempts per delivery round, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** No attempt starts after this much time since the first one. */
  maxElapsedMs: number;
  /** Longest Retry-After we honour; a longer hint is cut to this. */
  retryAfterMaxMs: number;
}

export interface BreakerOptions {
  /** Consecutive failed requests that open the circuit. */
  threshold: number;
  /** First wait before a half-open probe; doubles on each failed probe up to halfOpenMaxMs. */
  halfOpenAfterMs: number;
  halfOpenMaxMs: number;
}

export interface WebhookDeliveryOptions {
  url: string;
  /** Standard Webhooks `whsec_` secrets: the current one first, then any still being rotated out. */
  secrets: readonly string[];
  connectTimeoutMs: number;
  /** Whole request, from sending to the last byte of the response. */
  requestTimeoutMs: number;
  /** Bulkhead: requests in flight at once. */
  maxInFlight: number;
  retry: RetryOptions;
  breaker: BreakerOptions;
}
