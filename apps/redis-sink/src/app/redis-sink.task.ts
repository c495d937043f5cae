import {
  type ApplyResult,
  EngagementWriter,
  evictionPolicyProblem,
  RedisClient,
} from '@cdc/redis-store';
import { SinkMetrics, type SinkRecord, type SinkTask } from '@cdc/sink-runtime';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * Applies a batch to Redis in one script call per shard. If Redis fails the call throws, the
 * runtime retries the batch and its offsets stay uncommitted; the dedup markers make the retry
 * harmless.
 */
@Injectable()
export class RedisSinkTask implements SinkTask, OnApplicationBootstrap {
  private readonly logger = new Logger(RedisSinkTask.name);

  constructor(
    private readonly writer: EngagementWriter,
    private readonly redis: RedisClient,
    private readonly metrics: SinkMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Not fatal: if Redis is down, batches fail and retry until it is back.
    if (!(await this.redis.awaitReady(5_000))) {
      this.logger.warn(`Redis ${this.redis.address} not reachable yet; consuming anyway`);
      return;
    }
    const problem = evictionPolicyProblem(await this.redis.evictionPolicy());
    if (problem) {
      // Loud, and readiness stays down until it is fixed; not fatal, so totals keep flowing.
      this.logger.error(`Redis ${this.redis.address}: ${problem}`);
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    this.record(await this.writer.apply(records.map(({ event }) => event)));
  }

  private record(results: readonly ApplyResult[]): void {
    const expired = results.filter((result) => result.status === 'expired');
    const first = expired[0]?.event;
    if (first) {
      // One line per batch: a backfill of old history would otherwise log every event.
      this.logger.warn(
        { count: expired.length, firstEventId: first.event_id, firstEventTs: first.event_ts },
        'events older than REDIS_DEDUP_RETENTION_DAYS: not applied',
      );
    }
    const now = Date.now();
    for (const { event, status } of results) {
      this.metrics.count(status);
      if (status !== 'duplicate' && status !== 'expired') {
        this.metrics.observeCommitLatency(event, now);
      }
    }
  }
}
