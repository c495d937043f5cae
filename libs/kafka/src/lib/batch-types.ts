import type { InboundRecord } from './kafka-records';

export interface BatchContext {
  topic: string;
  partition: number;
  /** Call during long work so the group does not consider this member dead. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the batch was revoked: stop early, nothing is committed. */
  isActive(): boolean;
  /** Aborts when isActive() turns false, so waits and retries of the batch end at once. */
  signal: AbortSignal;
}

/** Records of the batch that are handled later; the commit waits for each `settled`. */
export interface BatchOutcome {
  deferred?: { offset: string; settled: Promise<void> }[];
}

export type BatchHandler = (
  records: InboundRecord[],
  context: BatchContext,
) => Promise<BatchOutcome | void>;

export interface BatchConsumerOptions {
  groupId: string;
  topics: readonly string[];
  handler: BatchHandler;
  /** Where a group without committed offsets starts. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Longest a fetch waits for data: the main latency knob on a quiet topic. */
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
  /** Backoff between attempts of a failing batch: starts at retryInitialMs, doubles, caps at retryMaxMs. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** A partition whose batch has been failing this long is stuck: readiness goes down. */
  stuckAfterMs?: number;
  /** How long start() waits for source topics that do not exist yet, re-checking every second. */
  topicWaitMs?: number;
  /** Called once the consumer runs, e.g. so that its lag is published without waiting a poll interval. */
  onStarted?: () => void;
  /** Called on every kafkajs crash, whether kafkajs restarts the consumer itself or not. */
  onCrash?: (error: string, restart: boolean) => void;
}

/** How long a batch may keep failing before its partition counts as stuck (readiness down). */
export const DEFAULT_STUCK_AFTER_MS = 60_000;

export type ConsumerState =
  'idle' | 'waiting-for-topics' | 'running' | 'retrying' | 'stopped' | 'crashed';
