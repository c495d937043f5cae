/**
 * Tracks which offsets of one partition are done so that a commit never skips an offset
 * still in flight. Batches complete in order; single records may be deferred (for example
 * an event waiting for its content) and complete later, out of order.
 */
export class OffsetTracker {
  private readonly deferred = new Set<bigint>();
  private nextAfterBatches: bigint | null = null;
  private committed: bigint | null = null;

  /** A batch up to lastOffset is handled, except the deferred offsets listed. */
  batchDone(lastOffset: string, deferredOffsets: readonly string[] = []): void {
    for (const offset of deferredOffsets) {
      this.deferred.add(BigInt(offset));
    }
    this.nextAfterBatches = BigInt(lastOffset) + 1n;
  }

  deferredDone(offset: string): void {
    this.deferred.delete(BigInt(offset));
  }

  get inFlight(): number {
    return this.deferred.size;
  }

  /** The offset to commit (the next to read), when it moved since the last commit. */
  takeCommittable(): string | null {
    if (this.nextAfterBatches === null) {
      return null;
    }
    let watermark = this.nextAfterBatches;
    for (const offset of this.deferred) {
      if (offset < watermark) {
        watermark = offset;
      }
    }
    if (this.committed !== null && watermark <= this.committed) {
      return null;
    }
    this.committed = watermark;
    return watermark.toString();
  }
}
