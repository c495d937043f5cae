import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, Partitioners, type Producer } from 'kafkajs';

import { KafkaClient } from './kafka-client';
import { KafkaMetrics } from './kafka-metrics';
import type { OutboundRecord } from './kafka-records';

/**
 * An idempotent producer whose publish() resolves only once every replica in sync has the
 * records (acks=all), so callers can commit their input offsets after it.
 */
@Injectable()
export class RecordPublisher implements OnApplicationShutdown {
  private producer: Promise<Producer> | null = null;

  constructor(
    private readonly client: KafkaClient,
    private readonly metrics: KafkaMetrics,
  ) {}

  async publish(topic: string, records: readonly OutboundRecord[]): Promise<void> {
    if (records.length === 0) {
      return;
    }
    const producer = await this.connected();
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
    this.metrics.produced.inc({ topic }, records.length);
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producer?.catch(() => null);
    await producer?.disconnect();
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
      return producer;
    })().catch((error: unknown) => {
      this.producer = null;
      throw error;
    });
    return this.producer;
  }
}
