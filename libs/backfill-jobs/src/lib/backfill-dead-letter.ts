import { RecordHeaders, SourceTables } from '@cdc/contracts';
import type { DeadLetter } from '@cdc/kafka';

import { eventColumns, type EventPageEntry } from './event-page-row';

/** The stage named in the backfill's dead letters. */
export const BACKFILL_STAGE = 'backfill';

/**
 * A dead letter for a source row the backfill refused (the contract refused it, or its record
 * is too large for any produce request). There is no consumed Kafka record, so
 * the letter points at the row instead: source.topic is the table (`engagement_events`),
 * partition -1 (none), offset the row id, timestamp the row's event_ts in epoch ms; the
 * original value is the row's columns as JSON, named as in Debezium's `after`; the key is the
 * content id, as the record would have been keyed.
 */
export function toBackfillDeadLetter(
  entry: Pick<EventPageEntry, 'row'> & { reason: string },
  jobId: string,
): DeadLetter {
  const { row, reason } = entry;
  const eventTsMs = Date.parse(row.event_ts);
  return {
    record: {
      topic: SourceTables.engagementEvents,
      partition: -1,
      offset: row.id,
      key: row.content_id === null ? null : Buffer.from(row.content_id),
      value: Buffer.from(JSON.stringify(eventColumns(row))),
      headers: { [RecordHeaders.eventId]: row.id, [RecordHeaders.backfillJobId]: jobId },
      timestamp: Number.isNaN(eventTsMs) ? '' : String(eventTsMs),
    },
    reason,
    eventId: row.id,
  };
}
