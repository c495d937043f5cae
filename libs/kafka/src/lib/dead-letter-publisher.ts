import { type DeadLetterRecordV1, encodeBytes } from '@cdc/contracts';
import { Injectable, Logger } from '@nestjs/common';

import { KafkaMetrics } from './kafka-metrics';
import type { InboundRecord } from './kafka-records';
import { RecordPublisher } from './record-publisher';

export interface DeadLetter {
  record: InboundRecord;
  reason: string;
  eventId?: string | null;
  attempts?: number | null;
  lastStatus?: number | null;
}

/** Sends records a stage gave up on to its dead-letter topic, with the reason and the original bytes. */
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
    await this.publisher.publish(
      deadLetterTopic,
      letters.map((letter) => ({
        key: letter.record.key,
        value: JSON.stringify(toDeadLetterRecord(stage, letter, failedAt)),
        headers: {
          'x-dead-letter-reason': letter.reason.slice(0, 500),
          'x-source-topic': letter.record.topic,
        },
      })),
    );
    for (const letter of letters) {
      const { topic, partition, offset } = letter.record;
      this.metrics.deadLettered.inc({ topic: deadLetterTopic, source_topic: topic });
      this.logger.warn(
        { topic, partition, offset, eventId: letter.eventId ?? null, reason: letter.reason },
        'dead-lettered a record',
      );
    }
  }
}

function toDeadLetterRecord(
  stage: string,
  letter: DeadLetter,
  failedAt: string,
): DeadLetterRecordV1 {
  const { record } = letter;
  return {
    schema_version: 1,
    stage,
    reason: letter.reason,
    source: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
    },
    original: {
      key_base64: encodeBytes(record.key),
      value_base64: encodeBytes(record.value),
      headers: record.headers,
    },
    event_id: letter.eventId ?? null,
    attempts: letter.attempts ?? null,
    last_status: letter.lastStatus ?? null,
    failed_at: failedAt,
  };
}
