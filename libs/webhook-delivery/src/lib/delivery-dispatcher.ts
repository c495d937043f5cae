import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

export interface DispatcherOptions {
  /** Events per request; 1 sends each event on its own. */
  batchSize: number;
  /** How long a request that is not full waits for more events. */
  lingerMs: number;
  /** Requests in flight at once. */
  maxInFlight: number;
}

/** Sends one request for the events; resolves when each is delivered or dead-lettered. */
export type SendBatch = (events: EnrichedEngagementEventV1[]) => Promise<void>;

interface Queued {
  /** Submission order; requests are filled oldest first. */
  seq: number;
  event: EnrichedEngagementEventV1;
  done: () => void;
  failed: (error: unknown) => void;
}

interface Lane {
  queue: Queued[];
  busy: boolean;
}

const NULL_CONTENT_LANE = '\u0000null-content';

/**
 * Orders and batches deliveries. Each content_id is a lane: a lane has at most one request in
 * flight, so a content's events reach the receiver in the order they were submitted, while
 * different contents go concurrently (up to maxInFlight requests). A request takes the oldest
 * queued events of idle lanes, up to batchSize, after at most lingerMs. Oldest first matters:
 * the consumer commits up to the oldest unsettled offset, so a starved lane would hold back
 * the commit (and widen the replay after a crash) while younger events flow.
 */
export class DeliveryDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly byEventId = new Map<string, Promise<void>>();
  private inFlight = 0;
  private seq = 0;
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: DispatcherOptions,
    private readonly send: SendBatch,
  ) {}

  /** Events accepted and not yet settled. */
  get pending(): number {
    return this.byEventId.size;
  }

  /**
   * Queues an event; the promise settles when it is delivered or dead-lettered. An event id
   * already queued (re-read after a rebalance) shares the first submission instead of being
   * sent twice.
   */
  submit(event: EnrichedEngagementEventV1): Promise<void> {
    const existing = this.byEventId.get(event.event_id);
    if (existing) {
      return existing;
    }
    const settled = new Promise<void>((resolve, reject) => {
      const key = event.content_id ?? NULL_CONTENT_LANE;
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { queue: [], busy: false };
        this.lanes.set(key, lane);
      }
      lane.queue.push({ seq: (this.seq += 1), event, done: resolve, failed: reject });
    });
    const tracked = settled.finally(() => this.byEventId.delete(event.event_id));
    // A failed promise is reported to whoever awaits `tracked`; this copy only cleans up.
    tracked.catch(() => undefined);
    this.byEventId.set(event.event_id, tracked);
    this.schedule();
    return tracked;
  }

  private readyCount(): number {
    let ready = 0;
    for (const lane of this.lanes.values()) {
      if (!lane.busy) {
        ready += lane.queue.length;
      }
    }
    return ready;
  }

  private schedule(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const ready = this.readyCount();
      if (ready === 0) {
        return;
      }
      if (ready < this.options.batchSize && this.options.lingerMs > 0) {
        this.lingerTimer ??= setTimeout(() => {
          this.lingerTimer = null;
          this.flush();
        }, this.options.lingerMs);
        return;
      }
      this.flush();
    }
  }

  /** Sends one request from the idle lanes, whatever its size. */
  private flush(): void {
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
    }
    this.lingerTimer = null;
    if (this.inFlight >= this.options.maxInFlight) {
      return;
    }
    const taken: Queued[] = [];
    const lanes = new Set<Lane>();
    while (taken.length < this.options.batchSize) {
      const lane = this.oldestIdleLane(lanes);
      if (!lane) {
        break;
      }
      taken.push(lane.queue.shift() as Queued);
      lanes.add(lane);
      // Busy from now on for other requests; still open to this one, which keeps its order.
      lane.busy = true;
    }
    if (taken.length === 0) {
      return;
    }
    this.inFlight += 1;
    const settle = (outcome: () => void) => {
      outcome();
      this.inFlight -= 1;
      for (const lane of lanes) {
        lane.busy = false;
      }
      this.dropIdleLanes();
      this.schedule();
    };
    this.send(taken.map((entry) => entry.event)).then(
      () => settle(() => taken.forEach((entry) => entry.done())),
      (error: unknown) => settle(() => taken.forEach((entry) => entry.failed(error))),
    );
  }

  /** The idle lane (or one already in the request being built) whose next event is oldest. */
  private oldestIdleLane(building?: ReadonlySet<Lane>): Lane | null {
    let best: Lane | null = null;
    for (const lane of this.lanes.values()) {
      const head = lane.queue[0];
      if (!head || (lane.busy && !building?.has(lane))) {
        continue;
      }
      if (!best || head.seq < (best.queue[0] as Queued).seq) {
        best = lane;
      }
    }
    return best;
  }

  private dropIdleLanes(): void {
    for (const [key, lane] of this.lanes) {
      if (!lane.busy && lane.queue.length === 0) {
        this.lanes.delete(key);
      }
    }
  }
}
