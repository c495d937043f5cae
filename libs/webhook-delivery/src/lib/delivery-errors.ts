/** A failed attempt that may succeed later: 5xx, 408, 429, a timeout or a network error. */
export class RetryableDeliveryError extends Error {
  override readonly name = 'RetryableDeliveryError';

  constructor(
    message: string,
    /** The HTTP status, or null when no response arrived. */
    readonly status: number | null,
    /** Metric label: the status code, "timeout" or "network". */
    readonly label: string,
    /** Server's Retry-After hint in milliseconds, already capped. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** The retry budget (attempts or total time) ran out; carries the last failure. */
export class RetryBudgetExhaustedError extends Error {
  override readonly name = 'RetryBudgetExhaustedError';

  constructor(readonly last: RetryableDeliveryError) {
    super(`retry budget exhausted: ${last.message}`);
  }
}

/** The sink is shutting down; the delivery was abandoned and its offset stays uncommitted. */
export class DeliveryAbandonedError extends Error {
  override readonly name = 'DeliveryAbandonedError';
}
