import type { InboundRecord } from '@cdc/kafka';
import { ReadinessRegistry } from '@cdc/platform';
import { redactedUrl, WebhookDeliveries } from '@cdc/webhook-delivery';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { WebhookSinkConfig } from './webhook-sink.config';

/**
 * The breaker is reported but never makes the pod unready: a restart cannot heal the
 * partner's endpoint, and an unready pod would only hide the state from the probe.
 */
@Injectable()
export class WebhookReadiness implements OnModuleInit {
  constructor(
    private readonly config: WebhookSinkConfig,
    private readonly deliveries: WebhookDeliveries<InboundRecord>,
    private readonly readiness: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
  ) {}

  onModuleInit(): void {
    this.readiness.register('webhook', async () =>
      this.indicator.check('webhook').up({
        breaker: this.deliveries.deliverer.policy.breakerState,
        pendingEvents: this.deliveries.pending,
        url: redactedUrl(this.config.WEBHOOK_URL),
      }),
    );
  }
}
