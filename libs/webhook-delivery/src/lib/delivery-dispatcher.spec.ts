import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { DeliveryDispatcher } from './delivery-dispatcher';

function event(id: string, contentId: string | null): EnrichedEngagementEventV1 {
  return { event_id: id, content_id: contentId } as EnrichedEngagementEventV1;
}

/** A send function whose requests the test completes by hand, so no timing is involved. */
function manualSend() {
  const requests: { ids: string[]; complete: () => void }[] = [];
  const send = (events: EnrichedEngagementEventV1[]) =>
    new Promise<void>((resolve) =>
      requests.push({ ids: events.map((e) => e.event_id), complete: resolve }),
    );
  return { requests, send };
}

const flushPromises = () => new Promise((resolve) => setImmediate(resolve));

describe('DeliveryDispatcher', () => {
  it('sends one event per request, one request per content at a time, contents concurrently', async () => {
    const { requests, send } = manualSend();
    const dispatcher = new DeliveryDispatcher({ batchSize: 1, lingerMs: 0, maxInFlight: 10 }, send);
    const settled = ['1', '2', '3'].map((id) => dispatcher.submit(event(id, 'a')));
    void dispatcher.submit(event('4', 'b'));
    expect(requests.map((r) => r.ids)).toEqual([['1'], ['4']]);
    requests[0]!.complete();
    await settled[0];
    await flushPromises();
    expect(requests.map((r) => r.ids)).toEqual([['1'], ['4'], ['2']]);
    expect(dispatcher.pending).toBe(3);
  });

  it('batches the oldest events of idle contents, keeping each content in order', async () => {
    const { requests, send } = manualSend();
    const dispatcher = new DeliveryDispatcher({ batchSize: 3, lingerMs: 0, maxInFlight: 1 }, send);
    void dispatcher.submit(event('1', 'a'));
    ['2', '3', '4'].forEach((id, i) => void dispatcher.submit(event(id, i === 1 ? 'b' : 'a')));
    void dispatcher.submit(event('5', null));
    expect(requests.map((r) => r.ids)).toEqual([['1']]);
    requests[0]!.complete();
    await flushPromises();
    expect(requests.map((r) => r.ids)).toEqual([['1'], ['2', '3', '4']]);
    requests[1]!.complete();
    await flushPromises();
    expect(requests.map((r) => r.ids)).toEqual([['1'], ['2', '3', '4'], ['5']]);
  });

  it('shares the pending delivery of an event id submitted twice', async () => {
    const { requests, send } = manualSend();
    const dispatcher = new DeliveryDispatcher({ batchSize: 1, lingerMs: 0, maxInFlight: 10 }, send);
    const first = dispatcher.submit(event('9', 'a'));
    const again = dispatcher.submit(event('9', 'a'));
    expect(again).toBe(first);
    expect(requests).toHaveLength(1);
    requests[0]!.complete();
    await first;
    expect(dispatcher.pending).toBe(0);
  });

  it('serves the oldest waiting event first, so no content starves', async () => {
    const { requests, send } = manualSend();
    const dispatcher = new DeliveryDispatcher({ batchSize: 1, lingerMs: 0, maxInFlight: 2 }, send);
    // Round-robin over contents a, b, c, as events of several contents interleave in a partition.
    for (let index = 1; index <= 6; index += 1) {
      void dispatcher.submit(event(String(index), ['a', 'b', 'c'][(index - 1) % 3]!));
    }
    expect(requests.map((r) => r.ids)).toEqual([['1'], ['2']]);
    requests[0]!.complete();
    await flushPromises();
    // a is idle again with 4 queued, but c's 3 is older.
    expect(requests.map((r) => r.ids)).toEqual([['1'], ['2'], ['3']]);
    requests[1]!.complete();
    await flushPromises();
    expect(requests.map((r) => r.ids)).toEqual([['1'], ['2'], ['3'], ['4']]);
  });
});
