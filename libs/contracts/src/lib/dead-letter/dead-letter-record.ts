/**
 * A record that a stage could not process. The original bytes travel base64-encoded so the
 * dead letter is lossless whatever the original encoding was, and can be replayed as is.
 */
export interface DeadLetterRecordV1 {
  schema_version: 1;
  /** The app that gave up, e.g. "enrichment". */
  stage: string;
  /** Why, in words that name the problem. */
  reason: string;
  source: {
    topic: string;
    partition: number;
    offset: string;
    timestamp: string | null;
  };
  original: {
    key_base64: string | null;
    value_base64: string | null;
    headers: Record<string, string>;
  };
  /** The event id when it could be read from the record. */
  event_id: string | null;
  /** Delivery attempts made, for sinks that retry (e.g. the webhook sink). */
  attempts: number | null;
  /** Last response status from a remote system, when there was one. */
  last_status: number | null;
  failed_at: string;
}

export function encodeBytes(bytes: Buffer | null): string | null {
  return bytes === null ? null : bytes.toString('base64');
}

export function decodeBytes(base64: string | null): Buffer | null {
  return base64 === null ? null : Buffer.from(base64, 'base64');
}
