import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import { MetricsRegistry } from '@cdc/platform';

import { DeliveryAbandonedError } from './delivery-errors';
import type { EventOutcome, WebhookDeliverer } from './webhook-deliverer';
import {
  type DeliveryReports,
  type GivenUpDelivery,
  WebhookDeliveries,
} from './webhook-deliveries';
import { WebhookMetrics } from './webhook-metrics';

function event(id: string, contentId: string): EnrichedEngagementEventV1 {
  return { event_id: id, content_id: contentId } as EnrichedEngagementEventV1;
}

/** A deliverer answering from a table of outcomes by event id; delivered by default. */
function fakeDeliverer(outcomes: Record<string, EventOutcome> = {}): WebhookDeliverer {
  const deliverer = {
    deliver: async (events: readonly EnrichedEngagementEventV1[]) =>
      events.map(
        (e) => outcomes[e.event_id] ?? { kind: 'delivered' as const, status: 200, attempts: 1 },
      ),
    close: async () => undefined,
  };
  return deliverer as unknown as WebhookDeliverer;
}

function setUp(
  deliverer: WebhookDeliverer,
  deadLetter: DeliveryReports<string>['deadLetter'] = async () => undefined,
  maxPending = 100,
) {
  const delivered: string[] = [];
  const letters: GivenUpDelivery<string>[] = [];
  const deliveries = new WebhookDeliveries<string>(
    { batchSize: 1, lingerMs: 0, maxInFlight: 4, maxPending },
    deliverer,
    new WebhookMetrics(new MetricsRegistry()),
    {
      delivered: (e) => delivered.push(e.event_id),
      deadLetter: (given, signal) => {
        letters.push(...given);
        return deadLetter(given, signal);
      },
    },
  );
  return { deliveries, delivered, letters };
}

describe('WebhookDeliveries', () => {
  it('settles delivered events and reports each once', async () => {
    const { deliveries, delivered, letters } = setUp(fakeDeliverer());
    await Promise.all([
      deliveries.submit(event('1', 'a'), 'record-1'),
      deliveries.submit(event('2', 'b'), 'record-2'),
    ]);
    expect(delivered.sort()).toEqual(['1', '2']);
    expect(letters).toEqual([]);
    expect(deliveries.pending).toBe(0);
  });

  it('dead-letters a given-up event with its own record before it settles', async () => {
    const { deliveries, delivered, letters } = setUp(
      fakeDeliverer({
        '2': { kind: 'failed', permanent: true, status: 400, error: 'HTTP 400: no', attempts: 1 },
        '3': { kind: 'failed', permanent: false, status: 503, error: 'retries', attempts: 8 },
      }),
    );
    await Promise.all(
      ['1', '2', '3'].map((id) => deliveries.submit(event(id, id), `record-${id}`)),
    );
    expect(delivered).toEqual(['1']);
    expect(letters).toEqual([
      {
        record: 'record-2',
        reason: 'rejected permanently: HTTP 400: no',
        eventId: '2',
        attempts: 1,
        lastStatus: 400,
      },
      {
        record: 'record-3',
        reason: 'gave up: retries',
        eventId: '3',
        attempts: 8,
        lastStatus: 503,
      },
    ]);
  });

  it('abandons a dead letter that cannot land once closed: the event never settles as done', async () => {
    let seen: AbortSignal | null = null;
    const { deliveries } = setUp(
      fakeDeliverer({
        '1': { kind: 'failed', permanent: true, status: 400, error: 'HTTP 400', attempts: 1 },
      }),
      (_, signal) => {
        seen = signal;
        // Like a publish retried until the signal aborts, then failing with the last error.
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('broker down'))),
        );
      },
    );
    const settled = deliveries.submit(event('1', 'a'), 'record-1');
    await new Promise((resolve) => setImmediate(resolve));
    await deliveries.close();
    await expect(settled).rejects.toThrow(
      new DeliveryAbandonedError('dead-lettering abandoned on shutdown: Error: broker down'),
    );
    expect(seen!.aborted).toBe(true);
  });

  it('holds the consumer while the queue is full and lets go when the batch is revoked', async () => {
    const hung = { deliver: () => new Promise(() => undefined), close: async () => undefined };
    const { deliveries } = setUp(hung as unknown as WebhookDeliverer, undefined, 1);
    let active = true;
    const hold = { heartbeat: async () => undefined, isActive: () => active };
    await deliveries.awaitCapacity(hold);
    void deliveries.submit(event('1', 'a'), 'record-1');
    let released = false;
    const waiting = deliveries.awaitCapacity(hold).then(() => (released = true));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(released).toBe(false);
    active = false;
    await waiting;
    expect(released).toBe(true);
  });
});
