import { once } from 'node:events';

export interface EndpointGone {
  /** When the endpoint answered 410 Gone. */
  since: Date;
  /** The idempotency key of the request that got the 410. */
  key: string;
}

/**
 * Whether the partner's endpoint still takes deliveries. A 410 Gone (Standard Webhooks: the
 * endpoint is disabled) pauses every delivery of this process until resume(): nothing is sent,
 * skipped or dead-lettered; the events stay pending and their offsets uncommitted. The state
 * is in memory on purpose: restarting the sink (after fixing WEBHOOK_URL or the partner's
 * side) is the documented way to resume, and a new process tries the endpoint again.
 */
export class EndpointStatus {
  private goneState: EndpointGone | null = null;
  private resumed = new AbortController();
  private readonly listeners: ((gone: EndpointGone | null) => void)[] = [];

  get gone(): EndpointGone | null {
    return this.goneState;
  }

  /** Called on every change: the gone state, or null once resumed. */
  onChange(listener: (gone: EndpointGone | null) => void): void {
    this.listeners.push(listener);
  }

  markGone(key: string, now = new Date()): void {
    if (this.goneState) {
      return;
    }
    this.goneState = { since: now, key };
    this.resumed = new AbortController();
    this.listeners.forEach((listener) => listener(this.goneState));
  }

  resume(): void {
    if (!this.goneState) {
      return;
    }
    this.goneState = null;
    this.resumed.abort();
    this.listeners.forEach((listener) => listener(null));
  }

  /** Resolves once resumed, or once `signal` aborts (shutdown); at once when not gone. */
  async whileGone(signal: AbortSignal): Promise<void> {
    if (!this.goneState || signal.aborted) {
      return;
    }
    const either = AbortSignal.any([signal, this.resumed.signal]);
    await once(either, 'abort');
  }
}
