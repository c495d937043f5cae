import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

import { MetricsRegistry } from '../metrics/metrics-registry';

/**
 * The outcome of the latest readiness check per indicator as a Prometheus series, so an alert
 * sees an app that is up but not ready (its Redis down, a 410 from the webhook endpoint): `up`
 * only says the scrape worked. Refreshed on every GET /health — the probes call it every few
 * seconds (Kubernetes readiness, compose healthcheck), so the series is at most that old.
 */
@Injectable()
export class ReadinessGauge {
  private readonly status;

  constructor(metrics: MetricsRegistry) {
    this.status = metrics.gauge(
      'cdc_readiness_status',
      'Result of the latest readiness check (GET /health) per indicator: 1 up, 0 down',
      ['indicator'],
    );
  }

  record(details: HealthIndicatorResult | undefined): void {
    for (const [indicator, result] of Object.entries(details ?? {})) {
      this.status.set({ indicator }, result.status === 'up' ? 1 : 0);
    }
  }
}
