import { cdcTopic, SourceTables } from '@cdc/contracts';
import type { TopicAdmin } from '@cdc/kafka';
import { metricValue, stackEnvironment } from '@cdc/testing';

import type { BenchApps } from './bench-apps';
import {
  type Buckets,
  COMMIT_TO_SINK,
  ENRICHMENT_COMMIT_LATENCY,
  latencyBuckets,
} from './latency-histogram';

export const SINKS = ['redis', 'bigquery', 'webhook'] as const;
export type SinkName = (typeof SINKS)[number];
export const STAGES = ['debezium', 'enrichment', ...SINKS] as const;
export type StageName = (typeof STAGES)[number];

/** How far each stage has got: records on the CDC topic, records handled by each app. */
export interface StageReading {
  atMs: number;
  counts: Record<StageName, number>;
  /** Commit → the stage: debezium = enrichment received it, enrichment = its copy published. */
  latency: Record<StageName, Buckets>;
}

const EVENTS_TOPIC = cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.engagementEvents);

export class StageCounters {
  constructor(
    private readonly apps: BenchApps,
    private readonly admin: TopicAdmin,
  ) {}

  async read(): Promise<StageReading> {
    const [offsets, enrichment, redis, bigquery, webhook] = await Promise.all([
      this.admin.endOffsets(EVENTS_TOPIC),
      this.apps.enrichment.metrics(),
      this.apps.redisSink.metrics(),
      this.apps.bigquerySink.metrics(),
      this.apps.webhookSink.metrics(),
    ]);
    const sinkText: Record<SinkName, string> = { redis, bigquery, webhook };
    const handled = (sink: SinkName) =>
      metricValue(sinkText[sink], 'cdc_sink_events_total', { sink }) -
      metricValue(sinkText[sink], 'cdc_sink_events_total', { sink, outcome: 'not_targeted' });
    return {
      atMs: Date.now(),
      counts: {
        debezium: offsets.reduce((sum, { offset }) => sum + Number(offset), 0),
        enrichment: metricValue(enrichment, 'cdc_enrichment_events_total'),
        redis: handled('redis'),
        bigquery: handled('bigquery'),
        webhook: handled('webhook'),
      },
      latency: {
        debezium: latencyBuckets(enrichment, ENRICHMENT_COMMIT_LATENCY, { point: 'received' }),
        enrichment: latencyBuckets(enrichment, ENRICHMENT_COMMIT_LATENCY, { point: 'published' }),
        redis: latencyBuckets(redis, COMMIT_TO_SINK, { sink: 'redis' }),
        bigquery: latencyBuckets(bigquery, COMMIT_TO_SINK, { sink: 'bigquery' }),
        webhook: latencyBuckets(webhook, COMMIT_TO_SINK, { sink: 'webhook' }),
      },
    };
  }
}
