import { validateEnrichedEvent } from '@cdc/contracts';

import type { ContentRecord, EngagementEventRecord } from './domain-records';
import { enrichEngagementEvent } from './enrich-engagement-event';

const content: ContentRecord = {
  id: '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11',
  slug: 'deep-dive',
  title: 'Deep Dive',
  contentType: 'podcast',
  lengthSeconds: 300,
  publishTs: '2026-01-02T03:04:05.000000Z',
};
const event: EngagementEventRecord = {
  id: '42',
  contentId: content.id,
  userId: null,
  eventType: 'play',
  eventTs: '2026-11-22T10:15:30.123456Z',
  durationMs: 7000,
  device: 'web',
  rawPayload: { position: 12 },
};
const provenance = {
  origin: 'cdc' as const,
  sourceTsMs: 1763806530123,
  sourceLsn: 123456,
  enrichedAt: new Date('2026-11-22T10:15:30.500Z'),
};

describe('enrichEngagementEvent', () => {
  it('joins the event with its content and derives the figures', () => {
    const enriched = enrichEngagementEvent(event, content, provenance);
    expect(enriched).toEqual({
      schema_version: 1,
      event_id: '42',
      content_id: content.id,
      user_id: null,
      event_type: 'play',
      event_ts: '2026-11-22T10:15:30.123456Z',
      duration_ms: 7000,
      device: 'web',
      raw_payload: { position: 12 },
      content_slug: 'deep-dive',
      content_title: 'Deep Dive',
      content_type: 'podcast',
      length_seconds: 300,
      publish_ts: '2026-01-02T03:04:05.000000Z',
      engagement_seconds: 7,
      engagement_pct: 2.33,
      source_ts_ms: 1763806530123,
      source_lsn: 123456,
      enriched_at: '2026-11-22T10:15:30.500Z',
      origin: 'cdc',
    });
    expect(validateEnrichedEvent(enriched)).toEqual({ ok: true, value: enriched });
  });

  it('marks a snapshot read with snapshot: true, and adds nothing to a live change', () => {
    const read = enrichEngagementEvent(event, content, { ...provenance, snapshot: true });
    expect(read.snapshot).toBe(true);
    expect(validateEnrichedEvent(read)).toEqual({ ok: true, value: read });
    const live = enrichEngagementEvent(event, content, { ...provenance, snapshot: false });
    expect('snapshot' in live).toBe(false);
    expect(live).toEqual(enrichEngagementEvent(event, content, provenance));
  });

  it('gives NULL content fields and a NULL pct for an event without content, and still emits it', () => {
    const enriched = enrichEngagementEvent({ ...event, contentId: null }, null, provenance);
    expect(enriched).toMatchObject({
      content_id: null,
      content_slug: null,
      content_title: null,
      content_type: null,
      length_seconds: null,
      publish_ts: null,
      engagement_seconds: 7,
      engagement_pct: null,
    });
    expect(validateEnrichedEvent(enriched).ok).toBe(true);
  });

  it('keeps seconds and gives a NULL pct when the content has no length', () => {
    const enriched = enrichEngagementEvent(event, { ...content, lengthSeconds: null }, provenance);
    expect([enriched.engagement_seconds, enriched.engagement_pct]).toEqual([7, null]);
  });
});
