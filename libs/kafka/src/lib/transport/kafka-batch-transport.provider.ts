import type { Provider, Type } from '@nestjs/common';

import { ConsumerConfig } from '../consumer.config';
import { BatchConsumerFactory } from '../kafka.module';
import { KafkaBatchTransport } from './kafka-batch.transport';

/**
 * Provides the app's transport: its consumer settings come from the app's validated config,
 * and `subscriptions` maps each `@EventPattern` of the app to the topics it consumes.
 */
export function provideKafkaBatchTransport<C extends ConsumerConfig>(
  configClass: Type<C>,
  subscriptions: (config: C) => Record<string, readonly string[]>,
): Provider {
  return {
    provide: KafkaBatchTransport,
    inject: [BatchConsumerFactory, configClass],
    useFactory: (factory: BatchConsumerFactory, config: C) =>
      new KafkaBatchTransport(factory, { consumer: config, subscriptions: subscriptions(config) }),
  };
}
