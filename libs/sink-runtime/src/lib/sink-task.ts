import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import type { BatchContext, InboundRecord } from '@cdc/kafka';

/** A record aimed at this sink that passed the contract, with the event it carries. */
export interface SinkRecord {
  record: InboundRecord;
  event: EnrichedEngagementEventV1;
}

export interface SinkRejection {
  record: InboundRecord;
  reason: string;
}

export interface SinkPutResult {
  /** Records the sink writes later (batched): each offset commits once its promise resolves. */
  deferred?: { record: InboundRecord; settled: Promise<void> }[];
  /** Records the sink refuses before writing (e.g. a row over a size limit): dead-lettered. */
  rejected?: SinkRejection[];
}

/**
 * What a sink implements, as a Kafka Connect SinkTask implements `put`: apply the records
 * of one partition batch, in order. Throwing fails the whole batch, which the runtime retries
 * with backoff and never commits past, so `put` must be idempotent per event_id.
 */
export interface SinkTask {
  put(records: readonly SinkRecord[], context: BatchContext): Promise<SinkPutResult | void>;
}

/** Injection token of the app's SinkTask. */
export const SINK_TASK = Symbol('SINK_TASK');
