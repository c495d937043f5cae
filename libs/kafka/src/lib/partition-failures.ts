/** A partition whose current batch keeps failing: what readiness and the metrics report. */
export interface PartitionFailure {
  group: string;
  topic: string;
  partition: number;
  /** When the first attempt of the current batch failed. */
  since: Date;
  /** Failed attempts of the current batch so far. */
  attempts: number;
  lastError: string;
  /** Whether the consumer has logged that the partition is stuck (once per failing batch). */
  stuckLogged?: boolean;
}

/**
 * The failing batches of one consumer, per partition. A batch that fails is retried until it
 * succeeds, so a dependency that never heals (or a record no retry can write) pauses the
 * partition forever: this is what makes such a partition visible. An entry starts at the
 * batch's first failure and ends when the batch succeeds or is abandoned (revoked, stopping).
 */
export class PartitionFailures {
  private readonly failing = new Map<string, PartitionFailure>();

  constructor(
    readonly group: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  failed(topic: string, partition: number, attempts: number, error: string): PartitionFailure {
    const key = keyOf(topic, partition);
    const entry = this.failing.get(key) ?? {
      group: this.group,
      topic,
      partition,
      since: this.now(),
      attempts: 0,
      lastError: '',
    };
    entry.attempts = attempts;
    entry.lastError = error;
    this.failing.set(key, entry);
    return entry;
  }

  /** The batch succeeded or was abandoned; returns the entry it ends, if any. */
  ended(topic: string, partition: number): PartitionFailure | undefined {
    const key = keyOf(topic, partition);
    const entry = this.failing.get(key);
    this.failing.delete(key);
    return entry;
  }

  clear(): void {
    this.failing.clear();
  }

  all(): PartitionFailure[] {
    return [...this.failing.values()];
  }

  /** True once per failing batch: the first time it has failed for at least thresholdMs. */
  newlyStuck(entry: PartitionFailure, thresholdMs: number): boolean {
    if (entry.stuckLogged || this.now().getTime() - entry.since.getTime() < thresholdMs) {
      return false;
    }
    entry.stuckLogged = true;
    return true;
  }

  /** Partitions failing for at least thresholdMs: the consumer is wedged there. */
  stuck(thresholdMs: number): PartitionFailure[] {
    const now = this.now().getTime();
    return this.all().filter((entry) => now - entry.since.getTime() >= thresholdMs);
  }
}

/** One line an operator can act on: where, since when, how often, why. */
export function describeFailure(entry: PartitionFailure, now = new Date()): string {
  const seconds = Math.floor((now.getTime() - entry.since.getTime()) / 1000);
  return (
    `consumer group ${entry.group}: ${entry.topic}[${entry.partition}] has failed since ` +
    `${entry.since.toISOString()} (${seconds} s, ${entry.attempts} attempts); last error: ${entry.lastError}`
  );
}

function keyOf(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
