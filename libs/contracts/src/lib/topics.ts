/**
 * Topic names carry their contract version: a breaking change to a payload gets a new
 * topic (v2) that consumers migrate to, rather than a silent change under the same name.
 */
export const Topics = {
  /** Enriched engagement events from live CDC, keyed by content_id. */
  enriched: 'engagement.enriched.v1',
  /** Enriched events replayed by the backfill, keyed by content_id, with x-target-sinks. */
  backfill: 'engagement.backfill.v1',
  /** Records the enrichment could not decode. */
  enrichmentDeadLetter: 'engagement.enrichment.dlq.v1',
  /** Source rows the backfill could not decode (the live path dead-letters the same rows). */
  backfillDeadLetter: 'engagement.backfill.dlq.v1',
  redisSinkDeadLetter: 'engagement.redis-sink.dlq.v1',
  bigquerySinkDeadLetter: 'engagement.bigquery-sink.dlq.v1',
  webhookSinkDeadLetter: 'engagement.webhook-sink.dlq.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const SourceTables = {
  content: 'content',
  engagementEvents: 'engagement_events',
} as const;

export type SourceTable = (typeof SourceTables)[keyof typeof SourceTables];

/** Debezium names its topics `<topic.prefix>.<schema>.<table>`. */
export function cdcTopic(prefix: string, table: SourceTable, schema = 'public'): string {
  return `${prefix}.${schema}.${table}`;
}
