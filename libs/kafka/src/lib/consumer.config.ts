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

  /** Longest a fetch waits for new records; lower means lower latency on a quiet stream. */
  @EnvInt()
  @IsInt()
  @Min(0)
  CONSUMER_MAX_WAIT_MS = 100;

  /** Partitions handled at once by one replica. */
  @EnvInt()
  @IsInt()
  @Min(1)
  CONSUMER_CONCURRENCY = 1;

  /** Backoff between attempts of a failing batch (a sink down): grows with jitter up to the max. */
  @EnvInt()
  @IsInt()
  @Min(10)
  RETRY_INITIAL_MS = 200;

  @EnvInt()
  @IsInt()
  @Min(10)
  RETRY_MAX_MS = 5_000;
}
