import { Injectable } from '@nestjs/common';
import { rowBytes, toRowParams } from '@cdc/bigquery-store';
import { decodeEnrichedEvent, parseTargetSinks, RecordHeaders, Topics } from '@cdc/contracts';
import {
  type BatchContext,
  type BatchOutcome,
  DeadLetterPublisher,
  type DeadLetter,
  type InboundRecord,
} from '@cdc/kafka';
import { BatchWriter, DEAD_LETTER_STAGE, type SinkRow } from './batch-writer';
import { BigquerySinkConfig } from './bigquery-sink.config';
import { BigquerySinkMetrics } from './bigquery-sink-metrics';
import { RowBatcher } from './row-batcher';

type Classified =
  | { kind: 'row'; row: SinkRow; bytes: number }
  | { kind: 'not_targeted' }
  | { kind: 'invalid'; reason: string };

/**
 * Turns fetched records into pending rows. Each row's offset is returned as deferred and is
 * committed only once the batch holding it is in BigQuery (or the row is dead-lettered), so a
 * crash at any point re-reads exactly the rows that might not be written, and the MERGE makes
 * re-reading harmless.
 */
@Injectable()
export class EnrichedRecordsHandler {
  readonly batcher: RowBatcher<SinkRow>;
  private readonly maxRowBytes: number;

  constructor(
    config: BigquerySinkConfig,
    writer: BatchWriter,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: BigquerySinkMetrics,
  ) {
    this.maxRowBytes = Math.min(config.BIGQUERY_MAX_ROW_BYTES, config.BIGQUERY_BATCH_MAX_BYTES);
    this.batcher = new RowBatcher<SinkRow>(
      {
        maxRows: config.BIGQUERY_BATCH_MAX_ROWS,
        maxBytes: config.BIGQUERY_BATCH_MAX_BYTES,
        maxWaitMs: config.BIGQUERY_BATCH_MAX_WAIT_MS,
      },
      (rows) => writer.write(rows),
      (rows) => metrics.pendingRows.set(rows),
    );
  }

  async handle(records: InboundRecord[], context: BatchContext): Promise<BatchOutcome> {
    await this.batcher.waitForRoom(context);
    const dead: DeadLetter[] = [];
    const deferred: NonNullable<BatchOutcome['deferred']> = [];
    for (const record of records) {
      const classified = this.classify(record);
      switch (classified.kind) {
        case 'not_targeted':
          this.metrics.rows.inc({ outcome: 'not_targeted' });
          break;
        case 'invalid':
          dead.push({
            record,
            reason: classified.reason,
            eventId: record.headers[RecordHeaders.eventId] ?? null,
          });
          break;
        case 'row':
          deferred.push({
            offset: record.offset,
            settled: this.batcher.add(classified.row, classified.bytes),
          });
          break;
      }
    }
    await this.deadLetters.send(Topics.bigquerySinkDeadLetter, DEAD_LETTER_STAGE, dead);
    this.metrics.rows.inc({ outcome: 'dead_lettered' }, dead.length);
    return { deferred };
  }

  private classify(record: InboundRecord): Classified {
    // Only backfill records carry x-target-sinks; a missing header means every sink.
    if (!parseTargetSinks(record.headers[RecordHeaders.targetSinks]).includes('bigquery'))
      return { kind: 'not_targeted' };
    const decoded = decodeEnrichedEvent(record.value);
    if (!decoded.ok)
      return {
        kind: 'invalid',
        reason: `not a valid ${Topics.enriched} event: ${decoded.errors.join('; ')}`,
      };
    const event = decoded.value;
    if (Number.isNaN(Date.parse(event.event_ts)))
      return { kind: 'invalid', reason: `event_ts ${event.event_ts} is not a valid timestamp` };
    const row = toRowParams(event);
    const bytes = rowBytes(row);
    if (bytes > this.maxRowBytes) {
      return {
        kind: 'invalid',
        reason: `row too large: ${bytes} bytes, over the ${this.maxRowBytes}-byte limit (BIGQUERY_MAX_ROW_BYTES; a BigQuery query request carries at most 10 MB)`,
      };
    }
    return { kind: 'row', row: { record, event, row }, bytes };
  }
}
