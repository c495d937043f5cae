import { decodeEnrichedEvent, parseTargetSinks, RecordHeaders, Topics } from '@cdc/contracts';
import {
  type BatchContext,
  BatchErrorsFilter,
  type BatchOutcome,
  type DeadLetter,
  type InboundRecord,
} from '@cdc/kafka';
import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { PutCoalescer } from './put-coalescer';
import { SinkDeadLetters } from './sink-dead-letters';
import { SinkMetrics } from './sink-metrics';
import { SINK_OPTIONS, type SinkOptions } from './sink-options';
import { SINK_TASK, type SinkRecord, type SinkTask } from './sink-task';

/** The pattern under which the sink runtime receives live and backfill record batches. */
export const SINK_RECORDS_PATTERN = 'engagement.sink-records';

/**
 * The part every sink shares: skip records not aimed at this sink, decode and validate the
 * rest, dead-letter what fails the contract, hand the others to the sink's task (batches of
 * several partitions that arrive together in one call), and turn what the task defers into
 * deferred offsets.
 */
@Controller()
@UseFilters(BatchErrorsFilter)
export class SinkRecordsController {
  private readonly task: PutCoalescer;

  constructor(
    @Inject(SINK_TASK) task: SinkTask,
    @Inject(SINK_OPTIONS) private readonly options: SinkOptions,
    private readonly metrics: SinkMetrics,
    private readonly deadLetters: SinkDeadLetters,
  ) {
    this.task = new PutCoalescer(task);
  }

  @EventPattern(SINK_RECORDS_PATTERN)
  async put(
    @Payload() records: InboundRecord[],
    @Ctx() context: BatchContext,
  ): Promise<BatchOutcome> {
    const accepted: SinkRecord[] = [];
    const invalid: DeadLetter[] = [];
    for (const record of records) {
      // Only backfill records carry x-target-sinks; a missing header means every sink.
      if (
        !parseTargetSinks(record.headers[RecordHeaders.targetSinks]).includes(this.options.sink)
      ) {
        this.metrics.count('not_targeted');
        continue;
      }
      const decoded = decodeEnrichedEvent(record.value);
      if (decoded.ok) {
        accepted.push({ record, event: decoded.value });
      } else {
        invalid.push(invalidLetter(record, decoded.errors));
      }
    }
    const result = accepted.length > 0 ? await this.task.put(accepted, context) : undefined;
    await this.deadLetters.send(invalid, 'invalid', context.signal);
    const rejected = (result?.rejected ?? []).map(({ record, reason }) => ({
      record,
      reason,
      eventId: record.headers[RecordHeaders.eventId] ?? null,
    }));
    await this.deadLetters.send(rejected, 'dead_lettered', context.signal);
    return {
      deferred: (result?.deferred ?? []).map(({ record, settled }) => ({
        offset: record.offset,
        settled,
      })),
    };
  }
}

function invalidLetter(record: InboundRecord, errors: readonly string[]): DeadLetter {
  return {
    record,
    reason: `not a valid ${Topics.enriched} event: ${errors.join('; ')}`,
    eventId: record.headers[RecordHeaders.eventId] ?? null,
  };
}
