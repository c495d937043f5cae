/** Kafka header names set on enriched and backfill records. Values are UTF-8 strings. */
export const RecordHeaders = {
  eventId: 'x-event-id',
  origin: 'x-origin',
  schema: 'x-schema',
  /** Comma-separated SinkName list; only on backfill records. Absent means every sink. */
  targetSinks: 'x-target-sinks',
  /** Backfill job that produced the record. */
  backfillJobId: 'x-backfill-job-id',
  /** "true" on the records of snapshot reads (the event's `snapshot`); absent otherwise. */
  snapshot: 'x-snapshot',
  /** Only on route topics (engagement.route.<name>.v1): the route that copied the record there. */
  route: 'x-route',
} as const;

export const ENRICHED_EVENT_SCHEMA = 'engagement.enriched/v1';

/** The headers every enriched or backfill record carries. */
export function enrichedEventHeaders(event: {
  event_id: string;
  origin: string;
  snapshot?: boolean;
}): Record<string, string> {
  return {
    [RecordHeaders.eventId]: event.event_id,
    [RecordHeaders.origin]: event.origin,
    [RecordHeaders.schema]: ENRICHED_EVENT_SCHEMA,
    // So a consumer can route or drop snapshot reads without parsing the value.
    ...(event.snapshot === true ? { [RecordHeaders.snapshot]: 'true' } : {}),
  };
}
