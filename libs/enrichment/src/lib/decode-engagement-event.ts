import { isEventType, type JsonValue } from '@cdc/contracts';

import { type Decoded, decoded, rejected } from './decoded';
import type { EngagementEventRecord } from './domain-records';
import { RowReader } from './field-readers';
import { toIsoMicros } from './timestamps';

const LABEL = 'engagement_events';

/** Decodes an engagement_events row as Debezium emits it; every failure names the field. */
export function decodeEngagementEvent(row: unknown): Decoded<EngagementEventRecord> {
  const reader = RowReader.of(row, LABEL);
  if (!reader.ok) {
    return reader;
  }
  const r = reader.value;

  const id = r.raw('id');
  if (!id.ok) {
    return id;
  }
  const eventId = readEventId(id.value);
  if (!eventId.ok) {
    return eventId;
  }

  const contentId = r.nullableUuid('content_id');
  if (!contentId.ok) {
    return contentId;
  }
  const userId = r.nullableUuid('user_id');
  if (!userId.ok) {
    return userId;
  }

  const eventType = r.raw('event_type');
  if (!eventType.ok) {
    return eventType;
  }
  if (!isEventType(eventType.value)) {
    return rejected(`unknown ${LABEL}.event_type ${JSON.stringify(eventType.value)}`);
  }

  const eventTsText = r.string('event_ts');
  if (!eventTsText.ok) {
    return eventTsText;
  }
  const eventTs = toIsoMicros(eventTsText.value);
  if (eventTs === null) {
    return rejected(
      `${LABEL}.event_ts must be an ISO-8601 timestamp, got ${JSON.stringify(eventTsText.value)}`,
    );
  }

  const durationMs = r.nullableInteger('duration_ms', 0);
  if (!durationMs.ok) {
    return durationMs;
  }
  const device = r.nullableString('device');
  if (!device.ok) {
    return device;
  }
  const rawPayload = r.raw('raw_payload');
  if (!rawPayload.ok) {
    return rawPayload;
  }
  const payload = readJsonb(rawPayload.value);
  if (!payload.ok) {
    return payload;
  }

  return decoded({
    id: eventId.value,
    contentId: contentId.value,
    userId: userId.value,
    eventType: eventType.value,
    eventTs,
    durationMs: durationMs.value,
    device: device.value,
    rawPayload: payload.value,
  });
}

function readEventId(value: unknown): Decoded<string> {
  // Ids above 2^53 would silently lose precision in JSON.parse, so they are refused.
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
    return decoded(String(value));
  }
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)) {
    return decoded(value);
  }
  return rejected(
    `${LABEL}.id must be a positive integer below 2^53, got ${JSON.stringify(value)}`,
  );
}

/** Debezium sends JSONB as JSON text; parse it so consumers get an object. */
function readJsonb(value: unknown): Decoded<JsonValue | null> {
  if (value === null) {
    return decoded(null);
  }
  if (typeof value !== 'string') {
    return decoded(value as JsonValue);
  }
  try {
    return decoded(JSON.parse(value) as JsonValue);
  } catch {
    return rejected(`${LABEL}.raw_payload is not valid JSON`);
  }
}
