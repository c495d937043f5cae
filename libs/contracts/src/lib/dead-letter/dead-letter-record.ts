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
    /** null when the key was null, or when the bytes were omitted (see `omitted`). */
    key_base64: string | null;
    value_base64: string | null;
    headers: Record<string, string>;
    /**
     * Bytes of the original key plus value. Optional: letters written before it was added
     * lack it.
     */
    size_bytes?: number;
    /**
     * Present only when the original's key, value and headers were left out (key_base64 and
     * value_base64 null, headers empty) because the letter with them would be larger than one
     * Kafka produce may carry: the original is to be re-read at source.topic/partition/offset
     * while the topic retains it. Absent in every letter that carries its bytes.
     */
    omitted?: DeadLetterOmission;
  };
  /** The event id when it could be read from the record. */
  event_id: string | null;
  /** Delivery attempts made, for sinks that retry (e.g. the webhook sink). */
  attempts: number | null;
  /** Last response status from a remote system, when there was one. */
  last_status: number | null;
  failed_at: string;
}

/** Why a dead letter carries no original bytes, and how large it would have been with them. */
export interface DeadLetterOmission {
  reason: string;
  /** Bytes the letter would have taken with the original in it. */
  letter_bytes: number;
}

/** The Kafka header set on a letter whose original bytes were omitted (value "true"). */
export const DEAD_LETTER_OMITTED_HEADER = 'x-dead-letter-payload-omitted';

export function encodeBytes(bytes: Buffer | null): string | null {
  return bytes === null ? null : bytes.toString('base64');
}

export function decodeBytes(base64: string | null): Buffer | null {
  return base64 === null ? null : Buffer.from(base64, 'base64');
}
