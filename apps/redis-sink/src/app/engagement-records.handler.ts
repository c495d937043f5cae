import { Injectable, Logger } from '@nestjs/common';
import {
  decodeEnrichedEvent,
  type EnrichedEngagementEventV1,
  parseTargetSinks,
  RecordHeaders,
  Topics,
} from '@cdc/contracts';
import { DeadLetterPublisher, type DeadLetter, type InboundRecord } from '@cdc/kafka';
import { type ApplyResult, EngagementWriter } from '@cdc/redis-store';
import { RedisSinkMetrics } from './redis-sink-metrics';

/**
 * Applies a batch of enriched or backfill records to Redis. Records not aimed at this sink are
 * skipped, undecodable ones dead-lettered; if Redis fails the whole call throws, so the batch
 * is retried and its offsets stay uncommitted (the dedup markers make the retry harmless).
 */
@Injectable()
export class EngagementRecordsHandler {
  private readonly logger = new Logger(EngagementRecordsHandler.name);

  constructor(
    private readonly writer: EngagementWriter,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: RedisSinkMetrics,
  ) {}

  async handle(records: readonly InboundRecord[]): Promise<void> {
    const events: EnrichedEngagementEventV1[] = [];
    const dead: DeadLetter[] = [];
    for (const record of records) {
      if (!parseTargetSinks(record.headers[RecordHeaders.targetSinks]).includes('redis')) {
        this.metrics.events.inc({ outcome: 'not_targeted' });
        continue;
      }
      const decoded = decodeEnrichedEvent(record.value);
      if (decoded.ok) events.push(decoded.value);
      else
        dead.push({
          record,
          reason: decoded.errors.join('; '),
          eventId: record.headers[RecordHeaders.eventId] ?? null,
        });
    }
    const results = await this.writer.apply(events);
    await this.deadLetters.send(Topics.redisSinkDeadLetter, 'redis-sink', dead);
    this.metrics.events.inc({ outcome: 'dead_lettered' }, dead.length);
    this.record(results);
  }

  private record(results: readonly ApplyResult[]): void {
    const now = Date.now();
    const expired = results.filter((result) => result.status === 'expired');
    if (expired.length > 0) {
      // One line per batch: a backfill of old history would otherwise log every event.
      const first = expired[0]?.event;
      this.logger.warn(
        { count: expired.length, firstEventId: first?.event_id, firstEventTs: first?.event_ts },
        'events older than REDIS_DEDUP_RETENTION_DAYS: not applied',
      );
    }
    for (const { event, status } of results) {
      this.metrics.events.inc({ outcome: status });
      if (
        status !== 'duplicate' &&
        status !== 'expired' &&
        event.origin === 'cdc' &&
        event.source_ts_ms !== null
      ) {
        this.metrics.commitToSinkLatency.observe(
          { sink: 'redis' },
          (now - event.source_ts_ms) / 1000,
        );
      }
    }
  }
}
