import type { InboundRecord } from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';
import { SinkDeadLetters, SinkMetrics } from '@cdc/sink-runtime';
import { WebhookDeliverer, WebhookDeliveries, WebhookMetrics } from '@cdc/webhook-delivery';
import type { Provider } from '@nestjs/common';

import { deliveryOptionsFrom, queueOptionsFrom, WebhookSinkConfig } from './webhook-sink.config';

/**
 * The deliveries and their metrics, wired to the runtime: given-up events go to the sink's
 * dead-letter topic (retried until Kafka takes them, abandoned on shutdown), deliveries count
 * as `delivered` in the sink metrics.
 */
export const webhookDeliveriesProviders: Provider[] = [
  {
    provide: WebhookMetrics,
    inject: [MetricsRegistry],
    useFactory: (registry: MetricsRegistry) => new WebhookMetrics(registry),
  },
  {
    provide: WebhookDeliveries,
    inject: [WebhookSinkConfig, WebhookMetrics, SinkDeadLetters, SinkMetrics],
    useFactory: (
      config: WebhookSinkConfig,
      metrics: WebhookMetrics,
      deadLetters: SinkDeadLetters,
      sinkMetrics: SinkMetrics,
    ) =>
      new WebhookDeliveries<InboundRecord>(
        queueOptionsFrom(config),
        new WebhookDeliverer(deliveryOptionsFrom(config), metrics),
        metrics,
        {
          deadLetter: (letters, signal) => deadLetters.send(letters, 'dead_lettered', signal),
          delivered: (event) => {
            sinkMetrics.count('delivered');
            sinkMetrics.observeCommitLatency(event);
          },
        },
      ),
  },
];
