import { DeliveryStore } from './delivery-store';

const event = (id: string, contentId: string | null = 'c1') => ({
  event_id: id,
  content_id: contentId,
  event_type: 'play',
});

describe('DeliveryStore', () => {
  it('records a request once and absorbs its retry whole (same webhook-id)', () => {
    const store = new DeliveryStore(100);
    expect(store.record('batch-a', [event('1'), event('2')])).toBe('accepted');
    expect(store.record('batch-a', [event('1'), event('2')])).toBe('duplicate');
    expect(
      store.recorded().map(({ event_id, idempotency_key, deliveries }) => ({
        event_id,
        idempotency_key,
        deliveries,
      })),
    ).toEqual([
      { event_id: '1', idempotency_key: 'batch-a', deliveries: 2 },
      { event_id: '2', idempotency_key: 'batch-a', deliveries: 2 },
    ]);
    expect(store.stats()).toMatchObject({
      accepted: 1,
      duplicates: 1,
      uniqueKeys: 1,
      duplicateKeys: 1,
      eventsReceived: 2,
      uniqueEvents: 2,
      duplicateEvents: 2,
    });
  });

  it('records each event_id once when a new request repeats it (a batch formed differently)', () => {
    const store = new DeliveryStore(100);
    store.record('batch-a', [event('1'), event('2', 'c2'), event('3')]);
    // After a restart the sink re-sends 2 and 3 with 4: a new webhook-id, two known events.
    expect(store.record('batch-b', [event('2', 'c2'), event('3'), event('4', 'c2')])).toBe(
      'accepted',
    );
    expect(store.recorded().map((e) => [e.event_id, e.idempotency_key, e.deliveries])).toEqual([
      ['1', 'batch-a', 1],
      ['2', 'batch-a', 2],
      ['3', 'batch-a', 2],
      ['4', 'batch-b', 1],
    ]);
    expect(store.recorded('c2').map((e) => e.event_id)).toEqual(['2', '4']);
    expect(store.stats()).toMatchObject({
      accepted: 2,
      duplicates: 0,
      uniqueKeys: 2,
      duplicateKeys: 0,
      eventsReceived: 6,
      uniqueEvents: 4,
      duplicateEvents: 2,
    });
  });

  it('counts a one-event retry as a duplicate request and a duplicate event', () => {
    const store = new DeliveryStore(100);
    store.record('7', [event('7')]);
    store.record('7', [event('7')]);
    store.record('batch-x', [event('7'), event('8')]);
    expect(store.recorded().map((e) => [e.event_id, e.deliveries])).toEqual([
      ['7', 3],
      ['8', 1],
    ]);
    expect(store.stats()).toMatchObject({ accepted: 2, duplicates: 1, duplicateEvents: 2 });
  });

  it('keeps the last maxRecorded events but still knows every id it recorded', () => {
    const store = new DeliveryStore(2);
    store.record('batch-a', [event('1'), event('2'), event('3')]);
    store.record('batch-b', [event('1'), event('4')]);
    expect(store.recorded().map((e) => e.event_id)).toEqual(['3', '4']);
    expect(store.stats()).toMatchObject({ uniqueEvents: 4, duplicateEvents: 1 });
  });

  it('forgets everything on reset', () => {
    const store = new DeliveryStore(100);
    store.record('batch-a', [event('1'), event('2')]);
    store.reset();
    expect(store.record('batch-a', [event('1')])).toBe('accepted');
    expect(store.stats()).toMatchObject({
      accepted: 1,
      duplicates: 0,
      duplicateEvents: 0,
      uniqueEvents: 1,
      eventsReceived: 1,
    });
  });
});
