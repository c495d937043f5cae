import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

export interface DispatcherOptions {
  /** Events per request, at most; 1 sends each event on its own. */
  batchSize: number;
  /**
   * How long a request that is not full waits for more events. 0 sends what is ready now, after
   * one `setImmediate`, so the events a caller submits in one synchronous run share requests.
   */
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
 * queued events of idle lanes, up to batchSize: at once when batchSize are ready, otherwise
 * after lingerMs (0: on the next turn of the event loop, once the submitting code has run to
 * its end, so a consumer batch goes out as a few full requests, not one request per event,
 * and a quiet stream waits for no timer). Oldest first matters:
 * the consumer commits up to the oldest unsettled offset, so a starved lane would hold back
 * the commit (and widen the replay after a crash) while younger events flow.
 */
export class DeliveryDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly byEventId = new Map<string, Promise<void>>();
  private inFlight = 0;
  private seq = 0;
  /** Queued events of idle lanes: what a request could take now. */
  private ready = 0;
  private lingerTimer: NodeJS.Timeout | null = null;
  private deferred: NodeJS.Immediate | null = null;

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
      if (!lane.busy) {
        this.ready += 1;
      }
    });
    const tracked = settled.finally(() => this.byEventId.delete(event.event_id));
    // A failed promise is reported to whoever awaits `tracked`; this copy only cleans up.
    tracked.catch(() => undefined);
    this.byEventId.set(event.event_id, tracked);
    this.schedule();
    return tracked;
  }

  private schedule(): void {
    while (this.inFlight < this.options.maxInFlight) {
      if (this.ready === 0) {
        return;
      }
      if (this.ready < this.options.batchSize) {
        this.deferFlush();
        return;
      }
      this.flush();
    }
  }

  /** Waits lingerMs (0: one setImmediate) for the request to fill, then sends what is ready. */
  private deferFlush(): void {
    if (this.options.lingerMs > 0) {
      this.lingerTimer ??= setTimeout(() => {
        this.lingerTimer = null;
        this.flushReady();
      }, this.options.lingerMs);
      return;
    }
    this.deferred ??= setImmediate(() => {
      this.deferred = null;
      this.flushReady();
    });
  }

  /** The wait is over: send what is ready, whatever its size, and schedule what remains. */
  private flushReady(): void {
    this.flush();
    this.schedule();
  }

  /** Sends one request from the idle lanes, whatever its size. */
  private flush(): void {
    if (this.lingerTimer) {
      clearTimeout(this.lingerTimer);
    }
    this.lingerTimer = null;
    if (this.deferred) {
      clearImmediate(this.deferred);
    }
    this.deferred = null;
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
      if (!lanes.has(lane)) {
        // Its queue stops counting as ready: the rest waits for this request.
        this.ready -= lane.queue.length;
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
        this.ready += lane.queue.length;
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
