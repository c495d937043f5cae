import type { BatchContext, InboundRecord } from '@cdc/kafka';

import type { SinkPutResult, SinkRecord, SinkTask } from './sink-task';

interface Waiting {
  records: readonly SinkRecord[];
  context: BatchContext;
  resolve: (result: SinkPutResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Joins the partition batches that arrive while the task is busy into one put() (group
 * commit): a fetch brings a few records for each of 16 partitions, and one Redis script or one
 * BigQuery batch for all of them costs what one costs for each. Nothing waits for company: a
 * put starts as soon as the previous one ends, so a quiet stream keeps its latency and a busy
 * one gets larger batches. Each partition's records stay in order and contiguous; a failed put
 * fails every batch in it, and the consumer retries each (they join again).
 */
export class PutCoalescer {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(private readonly task: SinkTask) {}

  put(records: readonly SinkRecord[], context: BatchContext): Promise<SinkPutResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ records, context, resolve, reject });
      if (!this.running) {
        this.running = true;
        // One turn of the event loop lets the other batches of the same fetch join.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.filter((entry) => entry.context.isActive());
      for (const entry of this.waiting) {
        if (!entry.context.isActive()) {
          entry.reject(new Error('batch abandoned: revoked or stopping'));
        }
      }
      this.waiting = [];
      if (group.length > 0) {
        await this.runGroup(group);
      }
    }
    this.running = false;
  }

  private async runGroup(group: readonly Waiting[]): Promise<void> {
    const only = group.length === 1 ? group[0] : undefined;
    try {
      const result = only
        ? await this.task.put(only.records, only.context)
        : await this.task.put(
            group.flatMap((entry) => entry.records),
            joinedContext(group.map((entry) => entry.context)),
          );
      splitResult(group, result ?? {});
    } catch (error) {
      for (const entry of group) {
        entry.reject(error);
      }
    }
  }
}

/** Each batch gets the rejections and deferrals of its own records. */
function splitResult(group: readonly Waiting[], result: SinkPutResult): void {
  const owner = new Map<InboundRecord, SinkPutResult>();
  const parts = group.map((entry) => {
    const part: Required<SinkPutResult> = { deferred: [], rejected: [] };
    for (const { record } of entry.records) {
      owner.set(record, part);
    }
    return part;
  });
  for (const item of result.deferred ?? []) {
    owner.get(item.record)?.deferred?.push(item);
  }
  for (const item of result.rejected ?? []) {
    owner.get(item.record)?.rejected?.push(item);
  }
  group.forEach((entry, index) => entry.resolve(parts[index] as SinkPutResult));
}

/**
 * The context of a joined put: it stays active while any of its batches is (the work is
 * shared), heartbeats for all, and aborts once every batch has been abandoned.
 */
function joinedContext(contexts: readonly BatchContext[]): BatchContext {
  const abort = new AbortController();
  const abortWhenAllAborted = () => {
    if (contexts.every((context) => context.signal.aborted)) {
      abort.abort();
    }
  };
  for (const context of contexts) {
    context.signal.addEventListener('abort', abortWhenAllAborted, { once: true });
  }
  abortWhenAllAborted();
  const first = contexts[0] as BatchContext;
  return {
    topic: first.topic,
    partition: first.partition,
    heartbeat: async () => {
      await Promise.all(contexts.map((context) => context.heartbeat()));
    },
    isActive: () => contexts.some((context) => context.isActive()),
    signal: abort.signal,
  };
}
