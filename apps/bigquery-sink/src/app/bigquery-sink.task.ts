import {
  BatchWriter,
  BigQueryWriteMetrics,
  describeLayout,
  EngagementTable,
  RowBatcher,
  rowBytes,
  type SinkRow,
  toRowParams,
} from '@cdc/bigquery-store';
import type { BatchContext } from '@cdc/kafka';
import type { SinkPutResult, SinkRecord, SinkTask } from '@cdc/sink-runtime';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

import { BigquerySinkConfig } from './bigquery-sink.config';

/**
 * Turns records into pending rows. Each offset commits only once the batch holding its row is
 * in BigQuery (or the row is dead-lettered), so a crash re-reads exactly the rows that might
 * not be written, and the MERGE makes re-reading harmless.
 */
@Injectable()
export class BigquerySinkTask implements SinkTask, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BigquerySinkTask.name);
  private readonly batcher: RowBatcher<SinkRow>;
  private readonly maxRowBytes: number;

  constructor(
    config: BigquerySinkConfig,
    writer: BatchWriter,
    metrics: BigQueryWriteMetrics,
    private readonly table: EngagementTable,
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

  /** Before the transport starts: an incompatible table stops the app before anything is consumed. */
  async onApplicationBootstrap(): Promise<void> {
    await this.table.ensure();
    this.logger.log(`Writing to ${this.table.name} (${describeLayout(this.table.layout)})`);
  }

  /** Runs after the consumer stopped and committed: rows still pending stay uncommitted. */
  onApplicationShutdown(): void {
    this.batcher.stop();
  }

  async put(records: readonly SinkRecord[], context: BatchContext): Promise<SinkPutResult> {
    await this.batcher.waitForRoom(context);
    const result: Required<SinkPutResult> = { deferred: [], rejected: [] };
    for (const { record, event } of records) {
      if (Number.isNaN(Date.parse(event.event_ts))) {
        result.rejected.push({
          record,
          reason: `event_ts ${event.event_ts} is not a valid timestamp`,
        });
        continue;
      }
      const row = toRowParams(event);
      const bytes = rowBytes(row);
      if (bytes > this.maxRowBytes) {
        result.rejected.push({
          record,
          reason: `row too large: ${bytes} bytes, over the ${this.maxRowBytes}-byte limit (BIGQUERY_MAX_ROW_BYTES; a BigQuery query request carries at most 10 MB)`,
        });
        continue;
      }
      result.deferred.push({ record, settled: this.batcher.add({ record, event, row }, bytes) });
    }
    return result;
  }
}
