import { MetricsRegistry, ReadinessRegistry } from '@cdc/platform';
import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Injectable,
  Module,
  type OnModuleInit,
} from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { BatchConsumer, type BatchConsumerOptions } from './batch-consumer';
import { ConsumerLagMonitor } from './consumer-lag-monitor';
import { consumersStatus } from './consumers-status';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { KafkaConfig } from './kafka.config';
import { KafkaClient } from './kafka-client';
import { KafkaMetrics } from './kafka-metrics';
import { RecordPublisher } from './record-publisher';
import { TopicAdmin } from './topic-admin';

/** Creates batch consumers and stops them all, before producers close, on shutdown. */
@Injectable()
export class BatchConsumerFactory implements BeforeApplicationShutdown {
  private readonly consumers: BatchConsumer[] = [];

  constructor(
    private readonly client: KafkaClient,
    private readonly metrics: KafkaMetrics,
    private readonly admin: TopicAdmin,
  ) {}

  private readonly startListeners: (() => void)[] = [];

  create(options: BatchConsumerOptions): BatchConsumer {
    const consumer = new BatchConsumer(
      this.client,
      this.metrics,
      {
        ...options,
        onStarted: () => {
          options.onStarted?.();
          for (const listener of this.startListeners) {
            listener();
          }
        },
      },
      this.admin,
    );
    this.consumers.push(consumer);
    return consumer;
  }

  /** Runs the listener each time a consumer of this factory has started. */
  onConsumerStarted(listener: () => void): void {
    this.startListeners.push(listener);
  }

  all(): readonly BatchConsumer[] {
    return this.consumers;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.consumers
        .filter((consumer) => consumer.state !== 'idle')
        .map((consumer) => consumer.stop()),
    );
  }
}

/**
 * Registers the "kafka" readiness check (a broker answers and no consumer has crashed) and the
 * "consumers" check (every consumer consumes: none waits for its topics, none is stuck on a
 * partition whose batch has failed for longer than its stuckAfterMs).
 */
@Injectable()
class KafkaReadiness implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
    private readonly admin: TopicAdmin,
    private readonly consumers: BatchConsumerFactory,
  ) {}

  onModuleInit(): void {
    this.registry.register('kafka', async () => {
      const check = this.indicator.check('kafka');
      try {
        const { brokers } = await this.admin.ping(3_000);
        const crashed = this.consumers.all().filter((consumer) => consumer.state === 'crashed');
        if (crashed.length > 0) {
          return check.down({
            message: `consumer ${crashed.map((c) => c.groupId).join(', ')} crashed: ${crashed[0]?.lastError ?? ''}`,
          });
        }
        return check.up({ brokers });
      } catch (error) {
        return check.down({ message: error instanceof Error ? error.message : String(error) });
      }
    });
    this.registry.register('consumers', async () => {
      const check = this.indicator.check('consumers');
      const status = consumersStatus(this.consumers.all());
      return status.problems.length > 0
        ? check.down({ message: status.problems.join('; '), ...status.details })
        : check.up({ groups: status.details.groups });
    });
  }
}

@Module({})
export class KafkaModule {
  /** @param clientId the default client id, usually the app name; KAFKA_CLIENT_ID overrides it. */
  static forRoot(clientId: string): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        {
          provide: KafkaClient,
          inject: [KafkaConfig],
          useFactory: (config: KafkaConfig) => new KafkaClient(config, clientId),
        },
        KafkaMetrics,
        TopicAdmin,
        RecordPublisher,
        DeadLetterPublisher,
        BatchConsumerFactory,
        KafkaReadiness,
        {
          provide: ConsumerLagMonitor,
          inject: [KafkaClient, BatchConsumerFactory, MetricsRegistry],
          useFactory: (
            client: KafkaClient,
            factory: BatchConsumerFactory,
            metrics: MetricsRegistry,
          ) => {
            const monitor = new ConsumerLagMonitor(client, () => factory.all(), metrics);
            // The transport starts after bootstrap: publish its lag now, not a poll interval later.
            factory.onConsumerStarted(() => void monitor.poll());
            return monitor;
          },
        },
      ],
      exports: [
        KafkaClient,
        KafkaMetrics,
        TopicAdmin,
        RecordPublisher,
        DeadLetterPublisher,
        BatchConsumerFactory,
      ],
    };
  }
}
