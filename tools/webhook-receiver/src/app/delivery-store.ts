export interface RecordedEvent {
  seq: number;
  event_id: string;
  content_id: string | null;
  event_type: string | null;
  idempotency_key: string;
  received_at: string;
}

export interface ReceiverCounters {
  requests: number;
  accepted: number;
  duplicates: number;
  unauthorized: number;
  badRequests: number;
  injectedErrors: number;
  injectedTimeouts: number;
  injectedDelays: number;
  outageRejected: number;
  eventsReceived: number;
}

/** Deliveries deduplicated by webhook-id: the first 2xx for a key records its events. */
export class DeliveryStore {
  counters: ReceiverCounters = emptyCounters();
  private keys = new Map<string, number>();
  private eventIds = new Set<string>();
  private events: RecordedEvent[] = [];
  private seq = 0;

  constructor(private readonly maxRecorded: number) {}

  /** Returns false when the key was seen before (a duplicate, answered 200 but not recorded). */
  record(key: string, events: readonly Record<string, unknown>[]): boolean {
    const seen = this.keys.get(key);
    this.keys.set(key, (seen ?? 0) + 1);
    if (seen !== undefined) {
      this.counters.duplicates += 1;
      return false;
    }
    this.counters.accepted += 1;
    const receivedAt = new Date().toISOString();
    for (const event of events) {
      const eventId = String(event['event_id']);
      this.eventIds.add(eventId);
      this.counters.eventsReceived += 1;
      this.events.push({
        seq: ++this.seq,
        event_id: eventId,
        content_id: typeof event['content_id'] === 'string' ? event['content_id'] : null,
        event_type: typeof event['event_type'] === 'string' ? event['event_type'] : null,
        idempotency_key: key,
        received_at: receivedAt,
      });
    }
    if (this.events.length > this.maxRecorded) {
      this.events.splice(0, this.events.length - this.maxRecorded);
    }
    return true;
  }

  stats(): ReceiverCounters & { uniqueKeys: number; uniqueEvents: number; duplicateKeys: number } {
    let duplicateKeys = 0;
    for (const count of this.keys.values()) {
      if (count > 1) {
        duplicateKeys += 1;
      }
    }
    return {
      ...this.counters,
      uniqueKeys: this.keys.size,
      uniqueEvents: this.eventIds.size,
      duplicateKeys,
    };
  }

  /** Recorded events in arrival order, each with `deliveries`: the 2xx answers its key got (1 + duplicates). */
  recorded(contentId?: string): (RecordedEvent & { deliveries: number })[] {
    const events = contentId
      ? this.events.filter((event) => event.content_id === contentId)
      : this.events;
    return events.map((event) => ({
      ...event,
      deliveries: this.keys.get(event.idempotency_key) ?? 0,
    }));
  }

  reset(): void {
    this.counters = emptyCounters();
    this.keys = new Map();
    this.eventIds = new Set();
    this.events = [];
    this.seq = 0;
  }
}

function emptyCounters(): ReceiverCounters {
  return {
    requests: 0,
    accepted: 0,
    duplicates: 0,
    unauthorized: 0,
    badRequests: 0,
    injectedErrors: 0,
    injectedTimeouts: 0,
    injectedDelays: 0,
    outageRejected: 0,
    eventsReceived: 0,
  };
}
