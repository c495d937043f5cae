import { enrichEngagementEvent } from '@cdc/enrichment';

import { toEnrichedRecord } from './enriched-record';

const event = {
  id: '42',
  contentId: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  userId: null,
  eventType: 'play' as const,
  eventTs: '2026-11-22T10:15:30.123456Z',
  durationMs: 7000,
  device: null,
  rawPayload: null,
};
const provenance = {
  origin: 'cdc' as const,
  sourceTsMs: 1,
  sourceLsn: 2,
  enrichedAt: new Date('2026-11-22T10:15:31Z'),
};

describe('toEnrichedRecord', () => {
  it('keys by content_id and carries the event id, origin and schema headers', () => {
    const enriched = enrichEngagementEvent(event, null, provenance);
    const record = toEnrichedRecord(enriched);
    expect(record.key).toBe('6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11');
    expect(record.headers).toEqual({
      'x-event-id': '42',
      'x-origin': 'cdc',
      'x-schema': 'engagement.enriched/v1',
    });
    expect(JSON.parse(record.value as string)).toEqual(enriched);
  });

  it('has a null key when the event has no content', () => {
    const record = toEnrichedRecord(
      enrichEngagementEvent({ ...event, contentId: null }, null, provenance),
    );
    expect(record.key).toBeNull();
  });
});
