import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import { ConsumerConfig, type InboundRecord } from '@cdc/kafka';
import { retryWithBackoff } from '@cdc/platform';
import { SinkDeadLetters, SinkMetrics } from '@cdc/sink-runtime';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

import { BigQueryConfig } from './bigquery.config';
import { classifyBigQueryError, describeBigQueryError } from './bigquery-errors';
import { BigQueryWriteMetrics } from './bigquery-write.metrics';
import type { EngagementRowParams } from './engagement-row';
import { EngagementTable } from './engagement-table';
import { clusterByTime } from './event-ts-span';

export interface SinkRow {
  record: InboundRecord;
  event: EnrichedEngagementEventV1;
  row: EngagementRowParams;
}

/** The records of one event_id in a batch: written as one row, acknowledged together. */
interface EventGroup {
  eventId: string;
  row: EngagementRowParams;
  members: SinkRow[];
}

/** A rejection is BigQuery's answer about the content, not a failure to retry. */
type MergeResult = { kind: 'written'; inserted: number } | { kind: 'rejected'; reason: string };

/**
 * Writes a batch with one idempotent MERGE per cluster of rows whose event_ts span at most
 * BIGQUERY_MERGE_MAX_SPAN_HOURS (usually one: a batch of live rows spans seconds), so that no
 * MERGE scans the partitions between a stray 1970 row and today. Transient failures (a rate
 * limit, a quota, a full DML queue, an outage) are retried with backoff until they succeed (or
 * the sink stops). A rejection splits the rows in halves, recursively, so the neighbours of a
 * bad row are written and only the row BigQuery refuses on its own is dead-lettered with
 * BigQuery's reason: about 2·log2(n) extra jobs per bad row.
 */
@Injectable()
export class BatchWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(BatchWriter.name);
  private readonly stopping = new AbortController();

  constructor(
    private readonly table: EngagementTable,
    private readonly deadLetters: SinkDeadLetters,
    private readonly sinkMetrics: SinkMetrics,
    private readonly metrics: BigQueryWriteMetrics,
    private readonly retry: ConsumerConfig,
    private readonly config: BigQueryConfig,
  ) {
    // Zero series from the start, like the runtime's own outcomes, so rate() is defined at once.
    for (const outcome of ['written', 'duplicate']) {
      sinkMetrics.count(outcome, 0);
    }
  }

  /**
   * Nest closes the transport (the consumer stops and commits) before this hook: whatever is
   * still being written stays uncommitted and is re-read by the partition's next owner.
   */
  onApplicationShutdown(): void {
    this.stop();
  }

  stop(): void {
    this.stopping.abort();
  }

  async write(rows: readonly SinkRow[]): Promise<void> {
    const groups = groupByEventId(rows);
    const inBatchDuplicates = rows.length - groups.length;
    if (inBatchDuplicates > 0) {
      this.sinkMetrics.count('duplicate', inBatchDuplicates);
    }
    this.metrics.batchRows.observe(groups.length);
    // Copies of one event_id share its event_ts (the immutable source row), so they fall in
    // one cluster and the MERGE of that cluster finds an earlier copy in its own range.
    const clusters = clusterByTime(
      groups,
      (group) => group.row.event_ts as string,
      this.config.BIGQUERY_MERGE_MAX_SPAN_HOURS * 3_600_000_000,
    );
    for (const cluster of clusters) {
      await this.writeGroups(cluster.items);
    }
  }

  private async writeGroups(groups: readonly EventGroup[]): Promise<void> {
    const result = await this.merge(groups);
    if (result.kind === 'written') {
      this.recordWritten(groups, result.inserted);
    } else {
      await this.isolateRejected(groups, result.reason);
    }
  }

  /** One MERGE, retried while it fails transiently; unbounded, so an outage pauses and drops nothing. */
  private merge(groups: readonly EventGroup[]): Promise<MergeResult> {
    let tableLost = false;
    return retryWithBackoff(
      async (): Promise<MergeResult> => {
        this.throwIfStopping();
        if (tableLost) {
          await this.recreateTable();
        }
        const endTimer = this.metrics.mergeSeconds.startTimer();
        try {
          const inserted = await this.table.insertMissing(groups.map((group) => group.row));
          endTimer();
          return { kind: 'written', inserted };
        } catch (error) {
          const failure = classifyBigQueryError(error);
          this.metrics.mergeFailures.inc({ kind: failure.kind, cause: failure.cause });
          if (failure.kind === 'rejected') {
            return { kind: 'rejected', reason: failure.reason };
          }
          tableLost = failure.notFound === true;
          throw error;
        }
      },
      {
        initialMs: this.retry.RETRY_INITIAL_MS,
        maxMs: this.retry.RETRY_MAX_MS,
        signal: this.stopping.signal,
        onRetry: ({ attempt, delayMs, error }) =>
          this.logger.warn(
            {
              rows: groups.length,
              attempt,
              delayMs,
              cause: classifyBigQueryError(error).cause,
              error: describeBigQueryError(error),
            },
            'MERGE failed transiently; retrying',
          ),
      },
    );
  }

  /** The dataset or table was deleted under the running sink: create it again, as at start. */
  private async recreateTable(): Promise<void> {
    try {
      await this.table.ensure();
    } catch (error) {
      this.logger.warn(`Could not recreate ${this.table.name}: ${String(error)}`);
    }
  }

  private async isolateRejected(groups: readonly EventGroup[], reason: string): Promise<void> {
    if (groups.length === 1) {
      await this.deadLetter(groups[0] as EventGroup, `BigQuery rejected the row: ${reason}`);
      return;
    }
    this.logger.warn(
      { rows: groups.length, error: reason },
      'BigQuery rejected the batch; splitting it to find the row',
    );
    const middle = Math.ceil(groups.length / 2);
    await this.writeGroups(groups.slice(0, middle));
    await this.writeGroups(groups.slice(middle));
  }

  private async deadLetter(group: EventGroup, reason: string): Promise<void> {
    this.throwIfStopping();
    await this.deadLetters.send(
      group.members.map((member) => ({ record: member.record, reason, eventId: group.eventId })),
      'dead_lettered',
      this.stopping.signal,
    );
  }

  /**
   * MERGE reports only how many rows it inserted, not which: when that is fewer than the batch
   * (a replay after a crash), the batch's latencies are not observed, as they would measure
   * the replay rather than the first write.
   */
  private recordWritten(groups: readonly EventGroup[], inserted: number): void {
    this.sinkMetrics.count('written', inserted);
    if (groups.length > inserted) {
      this.sinkMetrics.count('duplicate', groups.length - inserted);
    }
    if (inserted !== groups.length) {
      return;
    }
    const now = Date.now();
    for (const group of groups) {
      const first = group.members[0];
      if (first) {
        this.sinkMetrics.observeCommitLatency(first.event, now);
      }
    }
  }

  private throwIfStopping(): void {
    if (this.stopping.signal.aborted) {
      throw new Error('bigquery-sink is stopping; the batch stays uncommitted');
    }
  }
}

/** First occurrence wins: Debezium and replays can deliver one event_id several times. */
function groupByEventId(rows: readonly SinkRow[]): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const sinkRow of rows) {
    const eventId = sinkRow.event.event_id;
    const group = groups.get(eventId);
    if (group) {
      group.members.push(sinkRow);
    } else {
      groups.set(eventId, { eventId, row: sinkRow.row, members: [sinkRow] });
    }
  }
  return [...groups.values()];
}
