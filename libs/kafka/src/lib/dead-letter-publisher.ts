import {
  DEAD_LETTER_OMITTED_HEADER,
  type DeadLetterOmission,
  type DeadLetterRecordV1,
  encodeBytes,
} from '@cdc/contracts';
import { Injectable, Logger } from '@nestjs/common';

import { KafkaMetrics } from './kafka-metrics';
import type { InboundRecord, OutboundRecord } from './kafka-records';
import { RecordPublisher } from './record-publisher';

export interface DeadLetter {
  record: InboundRecord;
  reason: string;
  eventId?: string | null;
  attempts?: number | null;
  lastStatus?: number | null;
}

/** A reason longer than this is cut in a letter without its bytes, which must stay small. */
const OMITTED_LETTER_REASON_CHARS = 2_000;
/** A key longer than this is not the key of a letter without its bytes (it could be the excess). */
const OMITTED_LETTER_KEY_BYTES = 1_024;

/**
 * Sends records a stage gave up on to its dead-letter topic, with the reason and the original
 * bytes. A letter that would be too large to produce with them (the original base64 plus the
 * wrapper is a third larger than the original) goes without them but with its coordinates
 * (source topic, partition, offset, event id, size) and `original.omitted` saying why: every
 * letter lands, so no stage retries one forever.
 */
@Injectable()
export class DeadLetterPublisher {
  private readonly logger = new Logger(DeadLetterPublisher.name);

  constructor(
    private readonly publisher: RecordPublisher,
    private readonly metrics: KafkaMetrics,
  ) {}

  async send(
    deadLetterTopic: string,
    stage: string,
    letters: readonly DeadLetter[],
  ): Promise<void> {
    if (letters.length === 0) {
      return;
    }
    const failedAt = new Date().toISOString();
    const oversized = await this.publisher.publishSettingAside(
      deadLetterTopic,
      letters.map((letter) => withOriginal(stage, letter, failedAt)),
    );
    const omitted = new Set<number>();
    if (oversized.length > 0) {
      // Small by construction (no bytes, a cut reason): publish() throws if one is too large all the same.
      await this.publisher.publish(
        deadLetterTopic,
        oversized.map(({ index, bytes, reason }) => {
          omitted.add(index);
          const letter = letters[index] as DeadLetter;
          return withoutOriginal(stage, letter, failedAt, { reason, letter_bytes: bytes });
        }),
      );
    }
    letters.forEach((letter, index) => {
      const { topic, partition, offset } = letter.record;
      this.metrics.deadLettered.inc({ topic: deadLetterTopic, source_topic: topic });
      if (omitted.has(index)) {
        this.metrics.payloadsOmitted.inc({ topic: deadLetterTopic, source_topic: topic });
      }
      this.logger.warn(
        {
          topic,
          partition,
          offset,
          eventId: letter.eventId ?? null,
          reason: letter.reason,
          ...(omitted.has(index)
            ? { payloadOmitted: true, sizeBytes: sizeBytes(letter.record) }
            : {}),
        },
        omitted.has(index)
          ? 'dead-lettered a record without its bytes (too large to produce with them)'
          : 'dead-lettered a record',
      );
    });
  }
}

function letterHeaders(letter: DeadLetter): Record<string, string> {
  return {
    'x-dead-letter-reason': letter.reason.slice(0, 500),
    'x-source-topic': letter.record.topic,
  };
}

function withOriginal(stage: string, letter: DeadLetter, failedAt: string): OutboundRecord {
  const { record } = letter;
  const value = toDeadLetterRecord(stage, letter, failedAt, letter.reason, {
    key_base64: encodeBytes(record.key),
    value_base64: encodeBytes(record.value),
    headers: record.headers,
    size_bytes: sizeBytes(record),
  });
  return { key: record.key, value: JSON.stringify(value), headers: letterHeaders(letter) };
}

function withoutOriginal(
  stage: string,
  letter: DeadLetter,
  failedAt: string,
  omitted: DeadLetterOmission,
): OutboundRecord {
  const { record } = letter;
  const value = toDeadLetterRecord(
    stage,
    letter,
    failedAt,
    letter.reason.slice(0, OMITTED_LETTER_REASON_CHARS),
    { key_base64: null, value_base64: null, headers: {}, size_bytes: sizeBytes(record), omitted },
  );
  const key =
    record.key !== null && record.key.length <= OMITTED_LETTER_KEY_BYTES ? record.key : null;
  return {
    key,
    value: JSON.stringify(value),
    headers: { ...letterHeaders(letter), [DEAD_LETTER_OMITTED_HEADER]: 'true' },
  };
}

function sizeBytes(record: InboundRecord): number {
  return (record.key?.length ?? 0) + (record.value?.length ?? 0);
}

function toDeadLetterRecord(
  stage: string,
  letter: DeadLetter,
  failedAt: string,
  reason: string,
  original: DeadLetterRecordV1['original'],
): DeadLetterRecordV1 {
  const { record } = letter;
  return {
    schema_version: 1,
    stage,
    reason,
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
    },
    original,
    event_id: letter.eventId ?? null,
    attempts: letter.attempts ?? null,
    last_status: letter.lastStatus ?? null,
    failed_at: failedAt,
  };
}
