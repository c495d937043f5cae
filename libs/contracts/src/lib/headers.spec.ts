import { enrichedEventHeaders } from './headers';

describe('enrichedEventHeaders', () => {
  it('names the event, its origin and schema, and adds x-snapshot only on snapshot reads', () => {
    const base = {
      'x-event-id': '7',
      'x-origin': 'cdc',
      'x-schema': 'engagement.enriched/v1',
    };
    expect(enrichedEventHeaders({ event_id: '7', origin: 'cdc' })).toEqual(base);
    expect(enrichedEventHeaders({ event_id: '7', origin: 'cdc', snapshot: false })).toEqual(base);
    expect(enrichedEventHeaders({ event_id: '7', origin: 'cdc', snapshot: true })).toEqual({
      ...base,
      'x-snapshot': 'true',
    });
  });
});
