import type { MetricsRegistry } from '@cdc/platform';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin } from 'kafkajs';

import type { BatchConsumer } from './batch-consumer';
import type { KafkaClient } from './kafka-client';

/** How often committed offsets are compared with the high watermarks. */
export const LAG_POLL_INTERVAL_MS = 15_000;

/**
 * Publishes cdc_consumer_committed_lag{group,topic,partition}: high watermark minus the group's
 * committed offset, polled for every partition of every running consumer. Unlike
 * cdc_consumer_lag (set when a batch completes) it keeps growing while a partition is stuck,
 * e.g. retrying through a sink outage, and covers partitions that receive nothing.
 * Provided by KafkaModule with the factory's consumers.
 */
export class ConsumerLagMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsumerLagMonitor.name);
  private readonly lag;
  private timer: NodeJS.Timeout | null = null;
  private admin: Admin | null = null;
  private polling = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly consumers: () => readonly BatchConsumer[],
    metrics: MetricsRegistry,
  ) {
    this.lag = metrics.gauge(
      'cdc_consumer_committed_lag',
      'Records between the group committed offset and the high watermark, per partition, polled',
      ['group', 'topic', 'partition'],
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), LAG_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = null;
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = null;
  }

  /** One round; a failure is logged at debug level and the next round tries again. */
  async poll(): Promise<void> {
    if (this.polling || this.timer === null) {
      return;
    }
    this.polling = true;
    try {
      const running = this.consumers().filter(
        (consumer) => consumer.state === 'running' || consumer.state === 'retrying',
      );
      if (running.length === 0) {
        return;
      }
      const admin = await this.connected();
      for (const consumer of running) {
        const committed = await admin.fetchOffsets({
          groupId: consumer.groupId,
          topics: [...consumer.topics],
        });
        for (const { topic, partitions } of committed) {
          const ends = new Map(
            (await admin.fetchTopicOffsets(topic)).map((entry) => [
              entry.partition,
              Number(entry.high),
            ]),
          );
          for (const { partition, offset } of partitions) {
            const end = ends.get(partition) ?? 0;
            // No commit yet (-1): the group starts from the beginning, so everything is behind.
            const position = Number(offset) < 0 ? 0 : Number(offset);
            this.lag.set(
              { group: consumer.groupId, topic, partition: String(partition) },
              Math.max(0, end - position),
            );
          }
        }
      }
    } catch (error) {
      this.logger.debug(
        `Lag poll failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.polling = false;
    }
  }

  private async connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.client.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
