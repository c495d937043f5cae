import { EnvInt } from '@cdc/platform';
import { IsInt, IsString, Min, MinLength } from 'class-validator';

/**
 * The consumer knobs every consuming app has, spelled once. Apps override the defaults that
 * suit their write path (a Redis batch is a millisecond, a MERGE seconds).
 */
export class ConsumerConfig {
  /** The consumer group: replicas of one app share it; a second group re-reads everything. */
  @IsString()
  @MinLength(1)
  CONSUMER_GROUP_ID = 'engagement-cdc';

  /**
   * Longest the broker holds a fetch when there is nothing new. It answers as soon as one
   * record arrives (fetch.min.bytes is 1), so this bounds only the idle cost, not latency.
   * kafkajs' own default; it also paces the group heartbeat of an idle consumer.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  CONSUMER_MAX_WAIT_MS = 5_000;

  /**
   * Partition batches of one fetch handled at once; the sinks join those that arrive together
   * into one write (PutCoalescer), so this is how many partitions one write can cover.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  CONSUMER_CONCURRENCY = 16;

  /** Backoff between attempts of a failing batch (a sink down): grows with jitter up to the max. */
  @EnvInt()
  @IsInt()
  @Min(10)
  RETRY_INITIAL_MS = 200;

  @EnvInt()
  @IsInt()
  @Min(10)
  RETRY_MAX_MS = 5_000;

  /**
   * A partition whose batch has kept failing (retried) this long is stuck: readiness goes down
   * naming it, and cdc_partition_failing_seconds shows it. Retries go on meanwhile.
   */
  @EnvInt()
  @IsInt()
  @Min(100)
  CONSUMER_STUCK_AFTER_MS = 60_000;

  /**
   * How long the consumer waits at start for a source topic that does not exist yet (or has a
   * partition without a leader), with readiness down naming it; past it the app exits.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  CONSUMER_TOPIC_WAIT_MS = 300_000;
}
