import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import { type OutboundRecord, RecordPublisher } from '@cdc/kafka';
import { routeCopyHeaders, RouteTable } from '@cdc/routing';
import { Injectable } from '@nestjs/common';

import { RouteMetrics } from './route-metrics';

/** An enriched (or backfill) record as it was published, with the event it carries. */
export interface RoutableRecord {
  event: EnrichedEngagementEventV1;
  record: OutboundRecord;
}

/**
 * Publishes route copies: for each record, one copy per route its event matches, on the
 * route's topic, with the same value bytes and key (content_id) and the same headers plus
 * x-route. Records keep their order within each topic, so each content's events stay in
 * order. Resolves, with the number of copies, once Kafka acknowledged every copy (acks=all):
 * the caller commits (or checkpoints) after it.
 */
@Injectable()
export class RoutePublisher {
  constructor(
    private readonly table: RouteTable,
    private readonly publisher: RecordPublisher,
    private readonly metrics: RouteMetrics,
  ) {}

  get enabled(): boolean {
    return this.table.size > 0;
  }

  async publish(records: readonly RoutableRecord[]): Promise<number> {
    if (!this.enabled || records.length === 0) {
      return 0;
    }
    const byTopic = new Map<string, { copies: OutboundRecord[]; routes: string[] }>();
    for (const { event, record } of records) {
      for (const route of this.table.match(event)) {
        this.metrics.matched.inc({ route: route.name });
        const batch = byTopic.get(route.topic) ?? { copies: [], routes: [] };
        batch.copies.push({
          key: event.content_id,
          value: record.value,
          headers: routeCopyHeaders(record.headers ?? {}, route.name),
        });
        batch.routes.push(route.name);
        byTopic.set(route.topic, batch);
      }
    }
    await Promise.all(
      [...byTopic].map(async ([topic, { copies, routes }]) => {
        await this.publisher.publish(topic, copies);
        for (const route of routes) {
          this.metrics.published.inc({ route });
        }
      }),
    );
    return [...byTopic.values()].reduce((sum, { copies }) => sum + copies.length, 0);
  }
}
