import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { EventFilter } from './event-filter';

function event(overrides: Partial<EnrichedEngagementEventV1>): EnrichedEngagementEventV1 {
  return {
    event_type: 'play',
    content_type: 'podcast',
    origin: 'cdc',
    ...overrides,
  } as EnrichedEngagementEventV1;
}

describe('EventFilter', () => {
  it('passes everything when every list is empty', () => {
    const filter = new EventFilter({ eventTypes: [], contentTypes: [], origins: [] });
    expect(filter.matches(event({}))).toBe(true);
    expect(
      filter.matches(event({ content_type: null, origin: 'backfill', event_type: 'click' })),
    ).toBe(true);
  });

  it('keeps only the listed event types', () => {
    const filter = new EventFilter({
      eventTypes: ['finish', 'click'],
      contentTypes: [],
      origins: [],
    });
    expect([
      filter.matches(event({ event_type: 'finish' })),
      filter.matches(event({ event_type: 'click' })),
      filter.matches(event({ event_type: 'play' })),
    ]).toEqual([true, true, false]);
  });

  it('keeps only the listed content types; "unknown" stands for a NULL content_type', () => {
    const videos = new EventFilter({ eventTypes: [], contentTypes: ['video'], origins: [] });
    expect([
      videos.matches(event({ content_type: 'video' })),
      videos.matches(event({ content_type: 'podcast' })),
      videos.matches(event({ content_type: null })),
    ]).toEqual([true, false, false]);
    const unknown = new EventFilter({ eventTypes: [], contentTypes: ['unknown'], origins: [] });
    expect([
      unknown.matches(event({ content_type: null })),
      unknown.matches(event({ content_type: 'video' })),
    ]).toEqual([true, false]);
  });

  it('requires every non-empty list to match', () => {
    const filter = new EventFilter({
      eventTypes: ['play'],
      contentTypes: ['newsletter'],
      origins: ['cdc'],
    });
    expect(
      filter.matches(event({ event_type: 'play', content_type: 'newsletter', origin: 'cdc' })),
    ).toBe(true);
    expect(
      filter.matches(event({ event_type: 'play', content_type: 'newsletter', origin: 'backfill' })),
    ).toBe(false);
    expect(
      filter.matches(event({ event_type: 'pause', content_type: 'newsletter', origin: 'cdc' })),
    ).toBe(false);
  });

  it('drops snapshot reads only when asked to; a record without the field is a live change', () => {
    const lists = { eventTypes: [], contentTypes: [], origins: [] };
    const excluding = new EventFilter({ ...lists, excludeSnapshotReads: true });
    const including = new EventFilter({ ...lists, excludeSnapshotReads: false });
    const snapshotRead = event({ snapshot: true });
    expect([
      excluding.matches(snapshotRead),
      excluding.matches(event({ snapshot: false })),
      excluding.matches(event({})),
      including.matches(snapshotRead),
      new EventFilter(lists).matches(snapshotRead),
    ]).toEqual([false, true, true, true, true]);
  });
});
