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

/**
 * Two turns of the event loop: a settled request schedules the dispatcher's deferred flush from
 * a promise callback, i.e. after a setImmediate the test registered synchronously.
 */
const flushPromises = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
};

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
    await flushPromises();
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

  describe('with lingerMs 0 (the default)', () => {
    it('sends the events submitted in one synchronous run together, once that run has ended', async () => {
      const { requests, send } = manualSend();
      const dispatcher = new DeliveryDispatcher(
        { batchSize: 500, lingerMs: 0, maxInFlight: 16 },
        send,
      );
      for (let index = 1; index <= 6; index += 1) {
        void dispatcher.submit(event(String(index), ['a', 'b', 'c'][(index - 1) % 3]!));
      }
      expect(requests).toEqual([]);
      await flushPromises();
      expect(requests.map((r) => r.ids)).toEqual([['1', '2', '3', '4', '5', '6']]);
    });

    it('sends a full request at once and defers only the remainder', async () => {
      const { requests, send } = manualSend();
      const dispatcher = new DeliveryDispatcher(
        { batchSize: 3, lingerMs: 0, maxInFlight: 16 },
        send,
      );
      for (let index = 1; index <= 7; index += 1) {
        void dispatcher.submit(event(String(index), `content-${index}`));
      }
      expect(requests.map((r) => r.ids)).toEqual([
        ['1', '2', '3'],
        ['4', '5', '6'],
      ]);
      await flushPromises();
      expect(requests.map((r) => r.ids)).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    });

    it('sends a lone event of a quiet stream on the next turn, without waiting for a timer', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'clearImmediate'] });
      try {
        const { requests, send } = manualSend();
        const dispatcher = new DeliveryDispatcher(
          { batchSize: 500, lingerMs: 0, maxInFlight: 16 },
          send,
        );
        void dispatcher.submit(event('1', 'a'));
        await flushPromises();
        expect(requests.map((r) => r.ids)).toEqual([['1']]);
        expect(jest.getTimerCount()).toBe(0);
      } finally {
        jest.useRealTimers();
      }
    });

    it('keeps a content behind its request in flight and sends the rest together when it settles', async () => {
      const { requests, send } = manualSend();
      const dispatcher = new DeliveryDispatcher(
        { batchSize: 500, lingerMs: 0, maxInFlight: 16 },
        send,
      );
      const first = dispatcher.submit(event('1', 'a'));
      await flushPromises();
      // Submitted while a's request is in flight: b goes at once, a's events wait their turn.
      ['2', '3', '4'].forEach((id, i) => void dispatcher.submit(event(id, i === 1 ? 'b' : 'a')));
      await flushPromises();
      expect(requests.map((r) => r.ids)).toEqual([['1'], ['3']]);
      requests[0]!.complete();
      await first;
      await flushPromises();
      expect(requests.map((r) => r.ids)).toEqual([['1'], ['3'], ['2', '4']]);
      expect(dispatcher.pending).toBe(3);
    });

    it('waits for a free request slot when maxInFlight requests are out', async () => {
      const { requests, send } = manualSend();
      const dispatcher = new DeliveryDispatcher(
        { batchSize: 500, lingerMs: 0, maxInFlight: 1 },
        send,
      );
      void dispatcher.submit(event('1', 'a'));
      await flushPromises();
      ['2', '3'].forEach((id) => void dispatcher.submit(event(id, 'b')));
      await flushPromises();
      expect(requests.map((r) => r.ids)).toEqual([['1']]);
      requests[0]!.complete();
      await flushPromises();
      expect(requests.map((r) => r.ids)).toEqual([['1'], ['2', '3']]);
    });
  });

  it('with lingerMs > 0 waits that long for a request to fill, unless it fills first', () => {
    jest.useFakeTimers();
    try {
      const { requests, send } = manualSend();
      const dispatcher = new DeliveryDispatcher(
        { batchSize: 3, lingerMs: 100, maxInFlight: 16 },
        send,
      );
      void dispatcher.submit(event('1', 'a'));
      void dispatcher.submit(event('2', 'b'));
      jest.advanceTimersByTime(99);
      expect(requests).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(requests.map((r) => r.ids)).toEqual([['1', '2']]);
      ['3', '4', '5'].forEach((id) => void dispatcher.submit(event(id, 'c')));
      expect(requests.map((r) => r.ids)).toEqual([
        ['1', '2'],
        ['3', '4', '5'],
      ]);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
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

  it('keeps every invariant over a random interleaving of submissions and completions', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const { requests, send } = manualSend();
    const options = { batchSize: 5, lingerMs: 0, maxInFlight: 3 };
    const dispatcher = new DeliveryDispatcher(options, send);
    const contentOf = (id: string) => `content-${Number(id) % 7}`;
    const submitted = new Map<string, string[]>();
    const delivered = new Map<string, string[]>();
    const inFlight = new Set<string>();
    const open: (typeof requests)[number][] = [];
    let next = 0;
    while (next < 300 || open.length > 0 || dispatcher.pending > 0) {
      if (next < 300 && random() < 0.6) {
        for (let burst = Math.floor(random() * 8); burst >= 0 && next < 300; burst -= 1) {
          const id = String((next += 1));
          submitted.set(contentOf(id), [...(submitted.get(contentOf(id)) ?? []), id]);
          void dispatcher.submit(event(id, contentOf(id)));
        }
      }
      await flushPromises();
      for (const request of requests.splice(0)) {
        const contents = new Set(request.ids.map(contentOf));
        expect(request.ids.length).toBeLessThanOrEqual(options.batchSize);
        expect([...contents].filter((content) => inFlight.has(content))).toEqual([]);
        contents.forEach((content) => inFlight.add(content));
        request.ids.forEach((id) =>
          delivered.set(contentOf(id), [...(delivered.get(contentOf(id)) ?? []), id]),
        );
        open.push(request);
      }
      expect(open.length).toBeLessThanOrEqual(options.maxInFlight);
      if (open.length > 0 && random() < 0.5) {
        const [done] = open.splice(Math.floor(random() * open.length), 1);
        done!.ids.forEach((id) => inFlight.delete(contentOf(id)));
        done!.complete();
      }
    }
    expect(delivered).toEqual(submitted);
  });
});
