export interface RecordedEvent {
  seq: number;
  event_id: string;
  content_id: string | null;
  event_type: string | null;
  /** The webhook-id of the request that recorded the event (its first delivery). */
  idempotency_key: string;
  received_at: string;
}

export interface ReceiverCounters {
  requests: number;
  /** Requests with a webhook-id not seen before. */
  accepted: number;
  /** Requests with a webhook-id seen before: a retry of a request, absorbed whole. */
  duplicates: number;
  unauthorized: number;
  badRequests: number;
  injectedErrors: number;
  injectedTimeouts: number;
  injectedDelays: number;
  outageRejected: number;
  /** Events carried by accepted requests (new webhook-ids), recorded or not. */
  eventsReceived: number;
  /**
   * Event deliveries absorbed because the event_id was already recorded: the events of a
   * repeated request, and repeated events inside a new request (a batch formed differently).
   */
  duplicateEvents: number;
}

export type DeliveryVerdict = 'accepted' | 'duplicate';

/**
 * What the receiver was sent, deduplicated on both levels of the contract: `webhook-id`
 * identifies a request (a retry repeats it, bytes and id), each event's `event_id` is its
 * idempotency key across requests. Every 2xx-answered event is recorded once, at its first
 * delivery; later deliveries only count.
 */
export class DeliveryStore {
  counters: ReceiverCounters = emptyCounters();
  /** 2xx answers per webhook-id. */
  private keys = new Map<string, number>();
  /** Deliveries per recorded event id. */
  private eventIds = new Map<string, number>();
  private events: RecordedEvent[] = [];
  private seq = 0;

  constructor(private readonly maxRecorded: number) {}

  /** `duplicate` when the webhook-id was seen before; either way each new event_id is recorded. */
  record(key: string, events: readonly Record<string, unknown>[]): DeliveryVerdict {
    const seen = this.keys.get(key);
    this.keys.set(key, (seen ?? 0) + 1);
    if (seen === undefined) {
      this.counters.accepted += 1;
      this.counters.eventsReceived += events.length;
    } else {
      this.counters.duplicates += 1;
    }
    const receivedAt = new Date().toISOString();
    for (const event of events) {
      const eventId = String(event['event_id']);
      const deliveries = this.eventIds.get(eventId);
      this.eventIds.set(eventId, (deliveries ?? 0) + 1);
      if (deliveries !== undefined) {
        this.counters.duplicateEvents += 1;
        continue;
      }
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
    return seen === undefined ? 'accepted' : 'duplicate';
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

  /**
   * Recorded events in arrival order (of their first delivery), each with `deliveries`: the
   * 2xx-answered requests that carried it (1 + the duplicates absorbed for it).
   */
  recorded(contentId?: string): (RecordedEvent & { deliveries: number })[] {
    const events = contentId
      ? this.events.filter((event) => event.content_id === contentId)
      : this.events;
    return events.map((event) => ({
      ...event,
      deliveries: this.eventIds.get(event.event_id) ?? 0,
    }));
  }

  reset(): void {
    this.counters = emptyCounters();
    this.keys = new Map();
    this.eventIds = new Map();
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
    duplicateEvents: 0,
  };
}
