import type { InboundRecord } from '@cdc/kafka';
import { ReadinessRegistry } from '@cdc/platform';
import { redactedUrl, WebhookDeliveries } from '@cdc/webhook-delivery';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { WebhookSinkConfig } from './webhook-sink.config';

/**
 * The breaker is reported but never makes the pod unready: a restart cannot heal the
 * partner's endpoint, and an unready pod would only hide the state from the probe. A 410 Gone
 * is different: the partner said to stop, deliveries are paused until someone acts, so the
 * sink reports itself not ready (`endpoint: "gone"`) and logs it once.
 */
@Injectable()
export class WebhookReadiness implements OnModuleInit {
  private readonly logger = new Logger(WebhookReadiness.name);

  constructor(
    private readonly config: WebhookSinkConfig,
    private readonly deliveries: WebhookDeliveries<InboundRecord>,
    private readonly readiness: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
  ) {}

  onModuleInit(): void {
    const { endpoint, policy } = this.deliveries.deliverer;
    endpoint.onChange((gone) => {
      if (gone) {
        this.logger.error(
          { url: redactedUrl(this.config.WEBHOOK_URL), key: gone.key },
          'the endpoint answered 410 Gone: deliveries are paused (events held, offsets uncommitted) until the sink restarts',
        );
      }
    });
    this.readiness.register('webhook', async () => {
      const gone = endpoint.gone;
      const details = {
        endpoint: gone ? 'gone' : 'active',
        ...(gone ? { goneSince: gone.since.toISOString() } : {}),
        breaker: policy.breakerState,
        pendingEvents: this.deliveries.pending,
        url: redactedUrl(this.config.WEBHOOK_URL),
      };
      const check = this.indicator.check('webhook');
      return gone ? check.down(details) : check.up(details);
    });
  }
}
