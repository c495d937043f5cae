import { Injectable, Logger } from '@nestjs/common';
import {
  classifyBigQueryError,
  EngagementTable,
  type EngagementRowParams,
} from '@cdc/bigquery-store';
import { type EnrichedEngagementEventV1, Topics } from '@cdc/contracts';
import { DeadLetterPublisher, type InboundRecord } from '@cdc/kafka';
import { BigquerySinkConfig } from './bigquery-sink.config';
import { BigquerySinkMetrics } from './bigquery-sink-metrics';

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

export const DEAD_LETTER_STAGE = 'bigquery-sink';

/**
 * Writes a batch with one idempotent MERGE. Transient failures are retried with backoff until
 * they succeed (or the sink stops). A rejection splits the batch in halves, recursively, so
 * the neighbours of a bad row are written and only the row BigQuery refuses on its own is
 * dead-lettered with BigQuery's reason: about 2·log2(n) extra jobs per bad row.
 */
@Injectable()
export class BatchWriter {
  private readonly logger = new Logger(BatchWriter.name);
  private stopping = false;

  constructor(
    private readonly table: EngagementTable,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly config: BigquerySinkConfig,
    private readonly metrics: BigquerySinkMetrics,
  ) {}

  stop(): void {
    this.stopping = true;
  }

  async write(rows: readonly SinkRow[]): Promise<void> {
    const groups = groupByEventId(rows);
    const inBatchDuplicates = rows.length - groups.length;
    if (inBatchDuplicates > 0) this.metrics.rows.inc({ outcome: 'duplicate' }, inBatchDuplicates);
    this.metrics.batchRows.observe(groups.length);
    await this.writeGroups(groups);
  }

  private async writeGroups(groups: readonly EventGroup[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      this.throwIfStopping();
      const endTimer = this.metrics.mergeSeconds.startTimer();
      try {
        const inserted = await this.table.insertMissing(groups.map((group) => group.row));
        endTimer();
        this.recordWritten(groups, inserted);
        return;
      } catch (error) {
        const failure = classifyBigQueryError(error);
        this.metrics.mergeFailures.inc({ kind: failure.kind });
        if (failure.kind === 'rejected') {
          await this.isolateRejected(groups, failure.reason);
          return;
        }
        const delayMs = this.backoff(attempt);
        this.logger.warn(
          { rows: groups.length, attempt, delayMs, error: failure.reason },
          'MERGE failed transiently; retrying',
        );
        await this.sleep(delayMs);
        if (failure.notFound) await this.recreateTable();
      }
    }
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
    for (let attempt = 1; ; attempt += 1) {
      this.throwIfStopping();
      try {
        await this.deadLetters.send(
          Topics.bigquerySinkDeadLetter,
          DEAD_LETTER_STAGE,
          group.members.map((member) => ({
            record: member.record,
            reason,
            eventId: group.eventId,
          })),
        );
        this.metrics.rows.inc({ outcome: 'dead_lettered' }, group.members.length);
        return;
      } catch (error) {
        const delayMs = this.backoff(attempt);
        this.logger.warn(
          { eventId: group.eventId, attempt, delayMs, error: String(error) },
          'dead-lettering failed; retrying',
        );
        await this.sleep(delayMs);
      }
    }
  }

  /**
   * MERGE reports only how many rows it inserted, not which: when that is fewer than the batch
   * (a replay after a crash), the batch's latencies are not observed, as they would measure
   * the replay rather than the first write.
   */
  private recordWritten(groups: readonly EventGroup[], inserted: number): void {
    this.metrics.rows.inc({ outcome: 'written' }, inserted);
    if (groups.length > inserted)
      this.metrics.rows.inc({ outcome: 'duplicate' }, groups.length - inserted);
    if (inserted !== groups.length) return;
    const now = Date.now();
    for (const group of groups) {
      const { origin, source_ts_ms: committedMs } = group.members[0]?.event ?? {};
      if (origin === 'cdc' && committedMs !== null && committedMs !== undefined) {
        this.metrics.commitToSinkLatency.observe(
          { sink: 'bigquery' },
          Math.max(0, now - committedMs) / 1000,
        );
      }
    }
  }

  private backoff(attempt: number): number {
    const exponential = Math.min(
      this.config.BIGQUERY_RETRY_MAX_MS,
      this.config.BIGQUERY_RETRY_INITIAL_MS * 2 ** (attempt - 1),
    );
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
  }

  private async sleep(delayMs: number): Promise<void> {
    const until = Date.now() + delayMs;
    while (Date.now() < until && !this.stopping) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, until - Date.now())));
    }
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new Error('bigquery-sink is stopping; the batch stays uncommitted');
  }
}

/** First occurrence wins: Debezium and replays can deliver one event_id several times. */
function groupByEventId(rows: readonly SinkRow[]): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const sinkRow of rows) {
    const eventId = sinkRow.event.event_id;
    const group = groups.get(eventId);
    if (group) group.members.push(sinkRow);
    else groups.set(eventId, { eventId, row: sinkRow.row, members: [sinkRow] });
  }
  return [...groups.values()];
}
