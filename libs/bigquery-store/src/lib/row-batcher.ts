import type { BatchContext } from '@cdc/kafka';

export interface BatcherLimits {
  maxRows: number;
  maxBytes: number;
  maxWaitMs: number;
}

interface Pending<T> {
  item: T;
  bytes: number;
  addedAt: number;
  resolve: () => void;
}

/**
 * Collects rows from every partition's fetches into batches cut by row count, bytes or the
 * age of the oldest row, and hands them, one batch at a time, to `write`. add() resolves when
 * the row's batch is written, which is when the consumer may commit the row's offset.
 * One writer at a time keeps MERGE jobs serial: BigQuery queues concurrent DML on one table
 * anyway and limits its rate, so parallel batches would only add conflicts.
 */
export class RowBatcher<T> {
  private pending: Pending<T>[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing = false;
  private stopped = false;
  private roomWaiters: (() => void)[] = [];

  constructor(
    private readonly limits: BatcherLimits,
    private readonly write: (items: T[]) => Promise<void>,
    private readonly onPendingChange: (rows: number) => void = () => undefined,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  add(item: T, bytes: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.pending.push({ item, bytes, addedAt: Date.now(), resolve });
      this.pendingBytes += bytes;
      this.onPendingChange(this.pending.length);
      this.schedule();
    });
  }

  /**
   * Backpressure: holds the consumer while two full batches are waiting (e.g. BigQuery is
   * down), heartbeating so the group keeps the partition. Throws when the consumer stops, so
   * that the fetched records are abandoned uncommitted rather than acknowledged.
   */
  async waitForRoom(context: BatchContext): Promise<void> {
    while (
      this.pending.length >= 2 * this.limits.maxRows ||
      this.pendingBytes >= 2 * this.limits.maxBytes
    ) {
      if (!context.isActive() || this.stopped) {
        throw new Error('consumer stopping while the batcher is full');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        this.roomWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (context.isActive()) {
        await context.heartbeat();
      }
    }
  }

  /** Stops cutting batches; rows not yet written stay unresolved, so their offsets stay uncommitted. */
  stop(): void {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = null;
    this.wakeRoomWaiters();
  }

  private isFull(): boolean {
    return this.pending.length >= this.limits.maxRows || this.pendingBytes >= this.limits.maxBytes;
  }

  private schedule(): void {
    if (this.stopped || this.writing || this.pending.length === 0) {
      return;
    }
    if (this.isFull()) {
      this.flush();
      return;
    }
    if (this.timer) {
      return;
    }
    const oldest = this.pending[0] as Pending<T>;
    const wait = Math.max(0, oldest.addedAt + this.limits.maxWaitMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = null;
    if (this.stopped || this.writing || this.pending.length === 0) {
      return;
    }
    const batch = this.take();
    this.writing = true;
    this.write(batch.map((entry) => entry.item)).then(
      () => {
        for (const entry of batch) {
          entry.resolve();
        }
        this.afterWrite();
      },
      // write() only gives up when the sink stops: the rows stay unresolved and uncommitted.
      () => this.afterWrite(),
    );
  }

  private afterWrite(): void {
    this.writing = false;
    this.onPendingChange(this.pending.length);
    this.wakeRoomWaiters();
    this.schedule();
  }

  /** The oldest rows, up to maxRows and maxBytes (at least one row, whatever its size). */
  private take(): Pending<T>[] {
    let bytes = 0;
    let count = 0;
    for (const entry of this.pending) {
      if (count >= this.limits.maxRows) {
        break;
      }
      if (count > 0 && bytes + entry.bytes > this.limits.maxBytes) {
        break;
      }
      bytes += entry.bytes;
      count += 1;
    }
    const batch = this.pending.splice(0, count);
    this.pendingBytes -= bytes;
    return batch;
  }

  private wakeRoomWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) {
      wake();
    }
  }
}
