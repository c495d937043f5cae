import type { BatchContext } from '@cdc/kafka';

import { RowBatcher } from './row-batcher';

/** A write that records its batches and completes only when the test says so. */
class ControlledWrite {
  readonly batches: string[][] = [];
  private releases: (() => void)[] = [];

  readonly write = (items: string[]): Promise<void> => {
    this.batches.push(items);
    return new Promise((resolve) => this.releases.push(resolve));
  };

  releaseNext(): void {
    this.releases.shift()?.();
  }
}

const settled = () => new Promise((resolve) => setImmediate(resolve));
const NEVER = 3_600_000;

describe('RowBatcher', () => {
  it('cuts a batch at maxRows and resolves its rows only when the write completed', async () => {
    const writes = new ControlledWrite();
    const batcher = new RowBatcher<string>(
      { maxRows: 2, maxBytes: 1_000, maxWaitMs: NEVER },
      writes.write,
    );
    const done: string[] = [];
    for (const item of ['a', 'b', 'c']) {
      void batcher.add(item, 1).then(() => done.push(item));
    }
    await settled();

    expect(writes.batches).toEqual([['a', 'b']]);
    expect(done).toEqual([]);
    writes.releaseNext();
    await settled();
    expect(done).toEqual(['a', 'b']);
    expect(batcher.size).toBe(1);
    batcher.stop();
  });

  it('writes one batch at a time, then the next one due', async () => {
    const writes = new ControlledWrite();
    const batcher = new RowBatcher<string>(
      { maxRows: 1, maxBytes: 1_000, maxWaitMs: NEVER },
      writes.write,
    );
    void batcher.add('a', 1);
    void batcher.add('b', 1);
    await settled();
    expect(writes.batches).toEqual([['a']]);
    writes.releaseNext();
    await settled();
    expect(writes.batches).toEqual([['a'], ['b']]);
    batcher.stop();
  });

  it('cuts by bytes, but always takes at least one row', async () => {
    const writes = new ControlledWrite();
    const batcher = new RowBatcher<string>(
      { maxRows: 10, maxBytes: 100, maxWaitMs: NEVER },
      writes.write,
    );
    void batcher.add('huge', 150);
    void batcher.add('small', 10);
    await settled();
    expect(writes.batches).toEqual([['huge']]);
    batcher.stop();
  });

  it('writes a partial batch once its oldest row has waited maxWaitMs', async () => {
    const writes = new ControlledWrite();
    const batcher = new RowBatcher<string>(
      { maxRows: 10, maxBytes: 1_000, maxWaitMs: 0 },
      writes.write,
    );
    void batcher.add('lonely', 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(writes.batches).toEqual([['lonely']]);
    batcher.stop();
  });

  it('holds the consumer while two batches wait, and lets go when the stopping consumer gives up', async () => {
    const writes = new ControlledWrite();
    const batcher = new RowBatcher<string>(
      { maxRows: 1, maxBytes: 1_000, maxWaitMs: NEVER },
      writes.write,
    );
    for (const item of ['a', 'b', 'c']) {
      void batcher.add(item, 1);
    }
    let active = true;
    const context = {
      topic: 't',
      partition: 0,
      heartbeat: async () => undefined,
      isActive: () => active,
    } as BatchContext;
    const waiting = batcher.waitForRoom(context);
    let released = false;
    void waiting.then(
      () => (released = true),
      () => undefined,
    );
    await settled();
    expect(released).toBe(false);
    writes.releaseNext();
    await settled();
    await waiting;
    expect(released).toBe(true);

    void batcher.add('d', 1);
    void batcher.add('e', 1);
    active = false;
    await expect(batcher.waitForRoom(context)).rejects.toThrow(
      'consumer stopping while the batcher is full',
    );
    batcher.stop();
  });

  it('leaves rows unresolved when the write gives up because the sink stops', async () => {
    const batcher = new RowBatcher<string>({ maxRows: 1, maxBytes: 1_000, maxWaitMs: NEVER }, () =>
      Promise.reject(new Error('stopping')),
    );
    let resolved = false;
    void batcher.add('a', 1).then(() => (resolved = true));
    await settled();
    batcher.stop();
    await settled();
    expect(resolved).toBe(false);
  });
});
