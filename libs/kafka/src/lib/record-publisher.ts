import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, Partitioners, type Producer } from 'kafkajs';

import { KafkaConfig } from './kafka.config';
import { KafkaClient } from './kafka-client';
import { KafkaMetrics } from './kafka-metrics';
import type { OutboundRecord } from './kafka-records';
import { chunkBySize, isTooLargeError, soloBatchBytes } from './produce-size';

/** A record publish() did not send because it can never fit in one produce request. */
export interface OversizedRecord {
  /** Its index in the records given to publish. */
  index: number;
  /** The bytes of a batch holding just this record. */
  bytes: number;
  /** Why it was not sent, naming the limit. */
  reason: string;
}

/** Thrown by publish() after it sent every record that fits; the others are listed. */
export class OversizedRecordsError extends Error {
  constructor(
    readonly topic: string,
    readonly oversized: readonly OversizedRecord[],
  ) {
    super(
      `${oversized.length} record(s) for ${topic} can never be produced: ` +
        oversized.map(({ index, reason }) => `record ${index}: ${reason}`).join('; '),
    );
    this.name = 'OversizedRecordsError';
  }
}

/**
 * An idempotent producer whose publish() resolves only once every replica in sync has the
 * records (acks=all), so callers can commit their input offsets after it.
 *
 * kafkajs sends all the records of one send() for one partition as one batch, and the broker
 * refuses a batch over its message.max.bytes for good (MESSAGE_TOO_LARGE is not retriable), so a
 * caller that retries would retry forever. Sends are therefore cut by size under
 * KAFKA_PRODUCE_MAX_BYTES; a refusal all the same (a topic with a lower limit) halves the send
 * until each half passes; and a record too large even alone is handed back to the caller
 * (publishSettingAside) or reported by an OversizedRecordsError (publish), never retried.
 */
@Injectable()
export class RecordPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(RecordPublisher.name);
  private producer: Promise<Producer> | null = null;
  private current: Producer | null = null;
  /** Sends under way per producer, so that a retired producer disconnects once they end. */
  private readonly sending = new Map<Producer, number>();
  private readonly retired = new Set<Producer>();

  constructor(
    private readonly client: KafkaClient,
    private readonly metrics: KafkaMetrics,
    private readonly config: KafkaConfig,
  ) {}

  /** Sends every record; if some can never fit, sends the others and then throws OversizedRecordsError. */
  async publish(topic: string, records: readonly OutboundRecord[]): Promise<void> {
    const oversized = await this.publishSettingAside(topic, records);
    if (oversized.length > 0) {
      throw new OversizedRecordsError(topic, oversized);
    }
  }

  /**
   * Sends, in order, every record that fits in a produce request, and resolves with those that
   * cannot (by index), for the caller to dead-letter. Other errors reject as they come.
   */
  async publishSettingAside(
    topic: string,
    records: readonly OutboundRecord[],
  ): Promise<OversizedRecord[]> {
    if (records.length === 0) {
      return [];
    }
    const limit = this.config.KAFKA_PRODUCE_MAX_BYTES;
    const { chunks, oversized } = chunkBySize(records, limit);
    if (chunks.length > 1) {
      this.metrics.produceSplits.inc({ topic, cause: 'size' }, chunks.length - 1);
    }
    const setAside: OversizedRecord[] = oversized.map(({ index, bytes }) => ({
      index,
      bytes,
      reason:
        `a record of ${bytes} bytes (with its batch framing) is larger than the ${limit} bytes ` +
        `one produce may carry to a partition (KAFKA_PRODUCE_MAX_BYTES, the broker's message.max.bytes)`,
    }));
    for (const chunk of chunks) {
      await this.sendChunk(topic, records, chunk, setAside);
    }
    if (setAside.length > 0) {
      this.metrics.oversizedRecords.inc({ topic }, setAside.length);
      this.logger.warn(
        { topic, records: setAside.map(({ index, bytes }) => ({ index, bytes })) },
        'records too large for any produce request were set aside',
      );
    }
    return setAside.sort((a, b) => a.index - b.index);
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => null);
    await producer?.disconnect();
    await Promise.allSettled([...this.retired].map((retired) => retired.disconnect()));
  }

  /** Sends the records at these indexes; halves them while the broker refuses them as too large. */
  private async sendChunk(
    topic: string,
    records: readonly OutboundRecord[],
    indexes: readonly number[],
    setAside: OversizedRecord[],
  ): Promise<void> {
    try {
      await this.send(
        topic,
        indexes.map((index) => records[index] as OutboundRecord),
      );
    } catch (error) {
      if (!isTooLargeError(error)) {
        throw error;
      }
      const [only] = indexes;
      if (indexes.length === 1 && only !== undefined) {
        const bytes = soloBatchBytes(records[only] as OutboundRecord);
        setAside.push({
          index: only,
          bytes,
          reason:
            `the broker refused a record of ${bytes} bytes as too large (${String(error)}); ` +
            `the topic's max.message.bytes is below KAFKA_PRODUCE_MAX_BYTES`,
        });
        return;
      }
      this.metrics.produceSplits.inc({ topic, cause: 'rejected' });
      this.logger.warn(
        `the broker refused ${indexes.length} records for ${topic} as too large; sending them in halves ` +
          `(is the topic's max.message.bytes below KAFKA_PRODUCE_MAX_BYTES?)`,
      );
      const half = Math.ceil(indexes.length / 2);
      await this.sendChunk(topic, records, indexes.slice(0, half), setAside);
      await this.sendChunk(topic, records, indexes.slice(half), setAside);
    }
  }

  private async send(topic: string, records: readonly OutboundRecord[]): Promise<void> {
    const producer = await this.connected();
    this.sending.set(producer, (this.sending.get(producer) ?? 0) + 1);
    try {
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: records.map((record) => ({
          key: record.key,
          value: record.value,
          headers: record.headers,
        })),
      });
    } catch (error) {
      if (isTooLargeError(error)) {
        this.retire(producer);
      }
      throw error;
    } finally {
      this.sendEnded(producer);
    }
    this.metrics.produced.inc({ topic }, records.length);
  }

  /**
   * On a refused request kafkajs rolls back the sequence numbers of every partition in it, also
   * of those the broker appended: their next send would be refused as out of order, for good. A
   * new producer (a new producer id) starts every sequence afresh; the halves re-send what the
   * broker had appended (at least once, as any retry).
   */
  private retire(producer: Producer): void {
    if (this.current === producer) {
      this.current = null;
      this.producer = null;
    }
    this.retired.add(producer);
  }

  private sendEnded(producer: Producer): void {
    const left = (this.sending.get(producer) ?? 1) - 1;
    if (left > 0) {
      this.sending.set(producer, left);
      return;
    }
    this.sending.delete(producer);
    if (this.retired.delete(producer)) {
      void producer.disconnect().catch(() => undefined);
    }
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.client.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Idempotence needs unbounded retries (as the Java client's retries=MAX_INT): a bounded
        // retry could resend under a new sequence number and duplicate records.
        retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5_000 },
        // Same murmur2 partitioning as the Java clients, so keys land where Connect would put them.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.current = producer;
      return producer;
    })().catch((error: unknown) => {
      this.producer = null;
      throw error;
    });
    return this.producer;
  }
}
