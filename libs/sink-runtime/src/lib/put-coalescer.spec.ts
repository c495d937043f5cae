import type { BatchContext, InboundRecord } from '@cdc/kafka';

import { PutCoalescer } from './put-coalescer';
import type { SinkPutResult, SinkRecord, SinkTask } from './sink-task';

function sinkRecord(partition: number, offset: string): SinkRecord {
  const record: InboundRecord = {
    topic: 't',
    partition,
    offset,
    key: null,
    value: null,
    headers: {},
    timestamp: '0',
  };
  return { record, event: { event_id: `${partition}-${offset}` } as SinkRecord['event'] };
}

function contextOf(partition: number, active = () => true): BatchContext & { abort(): void } {
  const controller = new AbortController();
  return {
    topic: 't',
    partition,
    heartbeat: async () => undefined,
    isActive: active,
    signal: controller.signal,
    abort: () => controller.abort(),
  };
}

/** A task that records each call and waits for release() before answering. */
function gatedTask(answer: (records: readonly SinkRecord[]) => SinkPutResult = () => ({})) {
  const calls: { ids: string[]; context: BatchContext }[] = [];
  const gates: (() => void)[] = [];
  const task: SinkTask = {
    put: (records, context) => {
      calls.push({ ids: records.map(({ event }) => event.event_id), context });
      return new Promise((resolve) => gates.push(() => resolve(answer(records))));
    },
  };
  const release = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
  };
  return { task, calls, release };
}

describe('PutCoalescer', () => {
  it('joins the batches that arrive while a put runs into the next put, in arrival order', async () => {
    const { task, calls, release } = gatedTask();
    const coalescer = new PutCoalescer(task);
    const first = coalescer.put([sinkRecord(0, '1')], contextOf(0));
    await new Promise((resolve) => setImmediate(resolve));
    const second = coalescer.put([sinkRecord(1, '5'), sinkRecord(1, '6')], contextOf(1));
    const third = coalescer.put([sinkRecord(2, '9')], contextOf(2));
    await release();
    await first;
    await release();
    await Promise.all([second, third]);
    expect(calls.map((call) => call.ids)).toEqual([['0-1'], ['1-5', '1-6', '2-9']]);
  });

  it('gives each batch the deferrals and rejections of its own records', async () => {
    const settled = Promise.resolve();
    const { task, release } = gatedTask((records) => ({
      deferred: records
        .filter((_, index) => index % 2 === 0)
        .map(({ record }) => ({ record, settled })),
      rejected: records
        .filter((_, index) => index % 2 === 1)
        .map(({ record }) => ({ record, reason: 'too big' })),
    }));
    const coalescer = new PutCoalescer(task);
    const a = coalescer.put([sinkRecord(0, '1'), sinkRecord(0, '2')], contextOf(0));
    const b = coalescer.put([sinkRecord(1, '7')], contextOf(1));
    await release();
    const [resultA, resultB] = await Promise.all([a, b]);
    expect(resultA.deferred?.map((item) => item.record.offset)).toEqual(['1']);
    expect(resultA.rejected?.map((item) => item.record.offset)).toEqual(['2']);
    // The joined call saw 0@1, 0@2, 1@7: the third is deferred, and belongs to the second batch.
    expect(
      resultB.deferred?.map((item) => `${item.record.partition}@${item.record.offset}`),
    ).toEqual(['1@7']);
    expect(resultB.rejected).toEqual([]);
  });

  it('fails every batch of a failed put, and leaves out a batch abandoned before it ran', async () => {
    const task: SinkTask = { put: async () => Promise.reject(new Error('redis down')) };
    const coalescer = new PutCoalescer(task);
    const revoked = coalescer.put(
      [sinkRecord(2, '3')],
      contextOf(2, () => false),
    );
    const a = coalescer.put([sinkRecord(0, '1')], contextOf(0));
    const b = coalescer.put([sinkRecord(1, '1')], contextOf(1));
    await expect(revoked).rejects.toThrow('batch abandoned: revoked or stopping');
    await expect(a).rejects.toThrow('redis down');
    await expect(b).rejects.toThrow('redis down');
  });

  it('aborts a joined put only once every batch in it was abandoned', async () => {
    const { task, calls, release } = gatedTask();
    const coalescer = new PutCoalescer(task);
    const left = contextOf(0);
    const right = contextOf(1);
    const done = Promise.all([
      coalescer.put([sinkRecord(0, '1')], left),
      coalescer.put([sinkRecord(1, '1')], right),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    const joined = calls[0]?.context as BatchContext;
    left.abort();
    expect(joined.signal.aborted).toBe(false);
    right.abort();
    expect(joined.signal.aborted).toBe(true);
    await release();
    await done;
  });
});
