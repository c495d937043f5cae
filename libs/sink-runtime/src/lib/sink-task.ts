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
 * What a sink implements, as a Kafka Connect SinkTask implements `put`: apply the records, in
 * order. One call may hold the batches of several partitions (each in order and contiguous),
 * joined by the runtime while the previous call ran. Throwing fails every batch of the call,
 * which the runtime retries with backoff and never commits past, so `put` must be idempotent
 * per event_id.
 */
export interface SinkTask {
  put(records: readonly SinkRecord[], context: BatchContext): Promise<SinkPutResult | void>;
}

/** Injection token of the app's SinkTask. */
export const SINK_TASK = Symbol('SINK_TASK');
