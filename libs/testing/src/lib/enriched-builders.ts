import { randomInt, randomUUID } from 'node:crypto';

import {
  type ContentType,
  ENRICHED_EVENT_SCHEMA,
  type EnrichedEngagementEventV1,
  RecordHeaders,
  Topics,
} from '@cdc/contracts';
import { enrichEngagementEvent } from '@cdc/enrichment';
import type { OutboundRecord } from '@cdc/kafka';

import type { KafkaFixture } from './kafka.fixture';
import { isoMicros } from './row-builders';

/**
 * An event id far above the source table's BIGSERIAL range (and the backfill tests' scratch
 * ids, from 5e12), so it never meets a real one; below 2^53, so BigQuery's INT64 reads back
 * exact.
 */
export function syntheticEventId(): string {
  return String(8_000_000_000_000 + randomInt(0, 1_000_000_000_000));
}

/**
 * A valid enriched event, as the enrichment or the backfill would produce it: 20 s of a
 * 100 s podcast (20 %), now. Override what the test is about.
 */
export function anEnrichedEvent(
  overrides: Partial<EnrichedEngagementEventV1> = {},
): EnrichedEngagementEventV1 {
  return {
    schema_version: 1,
    event_id: syntheticEventId(),
    content_id: randomUUID(),
    user_id: randomUUID(),
    event_type: 'play',
    event_ts: isoMicros(Date.now()),
    duration_ms: 20_000,
    device: 'web',
    raw_payload: null,
    content_slug: 'synthetic',
    content_title: 'Synthetic',
    content_type: 'podcast',
    length_seconds: 100,
    publish_ts: '2026-01-02T03:04:05.000000Z',
    engagement_seconds: 20,
    engagement_pct: 20,
    source_ts_ms: null,
    source_lsn: null,
    enriched_at: new Date().toISOString(),
    origin: 'backfill',
    ...overrides,
  };
}

/**
 * The record the enrichment (or the backfill, with target sinks) would publish for the event:
 * keyed by content id, with the event-id, origin and schema headers. `value` replaces the
 * payload, e.g. with one a sink cannot decode.
 */
export function enrichedRecord(
  event: EnrichedEngagementEventV1,
  targetSinks?: string,
  value?: string,
): OutboundRecord {
  return {
    key: event.content_id,
    value: value ?? JSON.stringify(event),
    headers: {
      [RecordHeaders.eventId]: event.event_id,
      [RecordHeaders.origin]: event.origin,
      [RecordHeaders.schema]: ENRICHED_EVENT_SCHEMA,
      ...(targetSinks === undefined ? {} : { [RecordHeaders.targetSinks]: targetSinks }),
    },
  };
}

/** Publishes the events as the enrichment would, 500 records a batch. */
export async function publishEnriched(
  kafka: KafkaFixture,
  events: readonly EnrichedEngagementEventV1[],
  topic: string = Topics.enriched,
  targetSinks?: string,
): Promise<void> {
  for (let start = 0; start < events.length; start += 500) {
    await kafka.produce(
      topic,
      events.slice(start, start + 500).map((event) => enrichedRecord(event, targetSinks)),
    );
  }
}

let nextStreamEventId = BigInt(Date.now()) * 10_000n;

/**
 * `count` enriched CDC events spread round-robin over `contentCount` new content ids, through
 * the real enrichment function. Videos by default: the webhook sinks under test send only
 * videos (WEBHOOK_CONTENT_TYPES), which keeps the other tests' traffic away from the receiver.
 */
export function enrichedStream(
  count: number,
  contentCount: number,
  contentType: ContentType = 'video',
): { events: EnrichedEngagementEventV1[]; contentIds: string[] } {
  const contentIds = Array.from({ length: contentCount }, () => randomUUID());
  const events = Array.from({ length: count }, (_, index) => {
    const contentId = contentIds[index % contentCount] as string;
    nextStreamEventId += 1n;
    return enrichEngagementEvent(
      {
        id: nextStreamEventId.toString(),
        contentId,
        userId: randomUUID(),
        eventType: 'play',
        eventTs: '2026-11-22T10:00:00.000000Z',
        durationMs: 7000,
        device: 'web',
        rawPayload: { index },
      },
      {
        id: contentId,
        slug: `c-${contentId.slice(0, 8)}`,
        title: 'Webhook e2e',
        contentType,
        lengthSeconds: 300,
        publishTs: '2026-01-01T00:00:00.000000Z',
      },
      { origin: 'cdc', sourceTsMs: Date.now(), sourceLsn: 1, enrichedAt: new Date() },
    );
  });
  return { events, contentIds };
}
