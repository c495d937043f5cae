/**
 * Rate limiter for rows per second. A caller takes the rows it is about to publish and
 * waits for the returned delay; taking more than is available puts the bucket in debt, so
 * pages larger than the burst still average exactly `ratePerSecond` over time.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAtMs: number;

  /**
   * @param ratePerSecond tokens added per second.
   * @param burst most tokens the bucket holds, i.e. how far ahead an idle period lets a caller run.
   * @param now monotonic clock in milliseconds (injected so tests control time).
   */
  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0)) {
      throw new Error(`ratePerSecond must be positive, got ${ratePerSecond}`);
    }
    if (!(burst > 0)) {
      throw new Error(`burst must be positive, got ${burst}`);
    }
    this.tokens = burst;
    this.updatedAtMs = now();
  }

  /** Takes `count` tokens; returns how many milliseconds to wait before using them. */
  take(count: number): number {
    if (count < 0) {
      throw new Error(`count must not be negative, got ${count}`);
    }
    this.refill();
    this.tokens -= count;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }

  /** Tokens available now (negative while in debt). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  private refill(): void {
    const nowMs = this.now();
    const elapsedMs = Math.max(0, nowMs - this.updatedAtMs);
    this.updatedAtMs = nowMs;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.ratePerSecond) / 1000);
  }
}
