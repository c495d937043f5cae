import { MetricsRegistry } from '@cdc/platform';
import { RouteTable } from '@cdc/routing';
import { Injectable } from '@nestjs/common';

/**
 * Per route: events its predicate accepted, and copies Kafka acknowledged on its topic. Both
 * count again when a failed batch is retried; matched above published for a while means the
 * route topic's writes are failing.
 */
@Injectable()
export class RouteMetrics {
  readonly matched;
  readonly published;

  constructor(registry: MetricsRegistry, table: RouteTable) {
    this.matched = registry.counter(
      'cdc_route_events_matched_total',
      'Events a route predicate matched',
      ['route'],
    );
    this.published = registry.counter(
      'cdc_route_events_published_total',
      'Route copies acknowledged by Kafka (acks=all)',
      ['route'],
    );
    // Zero series from the start, so that a rate() per route is defined before its first match.
    for (const { name } of table.routes) {
      this.matched.inc({ route: name }, 0);
      this.published.inc({ route: name }, 0);
    }
  }
}
