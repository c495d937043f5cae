import type { ContentRecord } from './domain-records';
import { comparePositions, type StreamPosition } from './stream-position';

type Waiter = (content: ContentRecord) => void;

/**
 * The in-memory view of the content table that enrichment joins against. Besides lookups
 * it lets an event whose content has not been seen yet wait, for a bounded time, for the
 * content's change record to arrive, without blocking anything else.
 */
export class ContentCatalog {
  private readonly entries = new Map<string, ContentRecord>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private applied: StreamPosition | null = null;

  /**
   * The stream position up to which every content change is applied (by a table snapshot or
   * the content topic); null while unknown. An event at or below it sees every content change
   * committed before it.
   */
  get appliedThrough(): StreamPosition | null {
    return this.applied;
  }

  /** Records that the content changes up to `position` are applied; never moves back. */
  markApplied(position: StreamPosition): void {
    if (this.applied === null || comparePositions(position, this.applied) > 0) {
      this.applied = position;
    }
  }

  /** Whether every content change committed before the change at `position` is applied. */
  covers(position: StreamPosition | null): boolean {
    return (
      position !== null && this.applied !== null && comparePositions(this.applied, position) >= 0
    );
  }

  /** Replaces the whole table (a new snapshot): rows it no longer holds are removed. */
  replaceAll(rows: readonly ContentRecord[]): void {
    const keep = new Set(rows.map((row) => row.id));
    for (const id of [...this.entries.keys()]) {
      if (!keep.has(id)) {
        this.entries.delete(id);
      }
    }
    for (const row of rows) {
      this.upsert(row);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get pendingWaits(): number {
    let count = 0;
    for (const set of this.waiters.values()) {
      count += set.size;
    }
    return count;
  }

  get(id: string): ContentRecord | undefined {
    return this.entries.get(id);
  }

  upsert(content: ContentRecord): void {
    this.entries.set(content.id, content);
    const waiting = this.waiters.get(content.id);
    if (!waiting) {
      return;
    }
    this.waiters.delete(content.id);
    for (const wake of waiting) {
      wake(content);
    }
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  /** Resolves with the content as soon as it is known, or undefined after timeoutMs. */
  waitFor(id: string, timeoutMs: number): Promise<ContentRecord | undefined> {
    const known = this.entries.get(id);
    if (known) {
      return Promise.resolve(known);
    }
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set<Waiter>();
      this.waiters.set(id, set);
      const timer = setTimeout(() => {
        set.delete(wake);
        if (set.size === 0) {
          this.waiters.delete(id);
        }
        resolve(undefined);
      }, timeoutMs);
      const wake: Waiter = (content) => {
        clearTimeout(timer);
        resolve(content);
      };
      set.add(wake);
    });
  }
}
