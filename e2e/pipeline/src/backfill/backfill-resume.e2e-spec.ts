import { Topics } from '@cdc/contracts';
import { KafkaFixture, SourceDbFixture, waitUntil } from '@cdc/testing';

import {
  BackfillHarness,
  call,
  insertContents,
  job,
  seedHistory,
  startJob,
  waitForStatus,
  yesterdayHour,
} from '../harness';

interface JobRow {
  status: string;
  rows_done: string;
  cursor_id: string | null;
  claims: number;
  owner: string | null;
  released: boolean;
}

/**
 * Crash and restart: the job resumes from its checkpoint and ends with exact counts; the
 * backfill topic carries every row, repeating at most the page that was in flight.
 */
describe('backfill: resume after kill -9, SIGTERM and cancel', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const harnesses: BackfillHarness[] = [];
  /** A backfill in a queue of its own for one test; restart() is the same pod again. */
  const backfill = (env: Record<string, string>): BackfillHarness => {
    const harness = new BackfillHarness({ name: 'resume', env });
    harnesses.push(harness);
    return harness;
  };

  afterEach(async () => {
    for (const harness of harnesses.splice(0)) {
      await harness.kill('SIGKILL');
      await harness.close();
    }
  });

  afterAll(async () => {
    await kafka.close();
    await db.close();
  });

  async function seeded(count: number): Promise<{ ids: string[]; body: Record<string, unknown> }> {
    const contents = await insertContents(db, [300, 1800, 60]);
    const start = yesterdayHour();
    const ids = await seedHistory(db, contents, count, start);
    const body = {
      from: start.toISOString(),
      to: new Date(start.getTime() + 3_600_000).toISOString(),
      contentIds: contents.map((c) => c.id),
      sinks: ['bigquery'],
    };
    return { ids, body };
  }

  const jobRow = async (id: string) =>
    (
      await db.query<JobRow>(
        `SELECT status, rows_done::text, cursor_id::text, claims, owner, lease_expires_at <= now() AS released FROM backfill_jobs WHERE id = $1`,
        [id],
      )
    )[0]!;

  it('kill -9 in the middle of a job, then a restart of the same worker: completes with exact counts', async () => {
    const { ids, body } = await seeded(5000);
    // A long lease: only the restarted worker recognising its own job can resume it this fast.
    const harness = backfill({
      BACKFILL_LEASE_MS: '600000',
      BACKFILL_PAGE_SIZE: '500',
    });
    const first = await harness.start();
    const tail = await kafka.tail([Topics.backfill]);

    const id = await startJob(first, { ...body, rateLimit: 1000 });
    await waitUntil(
      async () => ((await job(first, id)).progress.rowsDone >= 1500 ? true : undefined),
      'rows done >= 1500',
      30_000,
      20,
    );
    await first.kill('SIGKILL');
    const crashed = await jobRow(id);
    expect(crashed.status).toBe('running');
    expect(Number(crashed.rows_done)).toBeGreaterThanOrEqual(1500);
    expect(Number(crashed.rows_done)).toBeLessThan(5000);
    expect(Number(crashed.rows_done) % 500).toBe(0);

    const second = await harness.restart();
    const done = await waitForStatus(second, id, 'completed', 60_000);

    expect(done.progress).toMatchObject({ rowsDone: 5000, rowsTotal: 5000, percent: 100 });
    expect(done.worker.claims).toBe(2);
    expect(done.progress.pagesDone).toBe(10);
    const records = await tail.waitFor(
      (record) => record.headers['x-backfill-job-id'] === id,
      5000,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const all = tail.records.filter((record) => record.headers['x-backfill-job-id'] === id);
    const distinct = new Set(all.map((record) => record.headers['x-event-id']));
    expect([...distinct].sort()).toEqual([...ids].sort());
    // At most the page in flight at the kill is published twice; sinks drop it by event id.
    expect(all.length - 5000).toBeGreaterThanOrEqual(0);
    expect(all.length - 5000).toBeLessThanOrEqual(500);
    expect(done.progress.recordsPublished).toBeGreaterThanOrEqual(5000);
    expect(done.progress.recordsPublished).toBeLessThanOrEqual(all.length);
    expect(records.length).toBeGreaterThanOrEqual(5000);
  });

  it('SIGTERM hands the job back at its checkpoint; a restart finishes it without repeating a row', async () => {
    const { ids, body } = await seeded(3000);
    const harness = backfill({
      BACKFILL_LEASE_MS: '600000',
      BACKFILL_PAGE_SIZE: '500',
    });
    const first = await harness.start();
    const tail = await kafka.tail([Topics.backfill]);

    const id = await startJob(first, { ...body, rateLimit: 1000 });
    await waitUntil(
      async () => ((await job(first, id)).progress.rowsDone >= 1000 ? true : undefined),
      'rows done >= 1000',
      30_000,
      20,
    );
    await first.kill('SIGTERM');
    const stopped = await jobRow(id);
    expect(stopped.status).toBe('running');
    // Handed back: the lease ran out at shutdown instead of BACKFILL_LEASE_MS (10 min) later.
    expect(stopped.released).toBe(true);
    expect(Number(stopped.rows_done) % 500).toBe(0);

    const second = await harness.restart();
    const done = await waitForStatus(second, id, 'completed', 60_000);
    await tail.waitFor((record) => record.headers['x-backfill-job-id'] === id, 3000, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const all = tail.records.filter((record) => record.headers['x-backfill-job-id'] === id);

    expect(all.map((record) => record.headers['x-event-id']).sort()).toEqual([...ids].sort());
    expect(done.progress).toMatchObject({
      rowsDone: 3000,
      rowsTotal: 3000,
      recordsPublished: 3000,
      pagesDone: 6,
    });
    expect(done.worker.claims).toBe(2);
  });

  it('another worker takes over a job whose worker died, once its lease expires', async () => {
    const { ids, body } = await seeded(2000);
    const harness = backfill({
      BACKFILL_LEASE_MS: '2000',
      BACKFILL_PAGE_SIZE: '500',
    });
    const first = await harness.start();
    const id = await startJob(first, { ...body, rateLimit: 500 });
    await waitUntil(
      async () => ((await job(first, id)).progress.rowsDone >= 500 ? true : undefined),
      'rows done >= 500',
      30_000,
      20,
    );
    await first.kill('SIGKILL');
    const crashedOwner = (await jobRow(id)).owner;

    // Same queue, a different worker id: it must wait for the lease to run out.
    const second = await harness.start({ BACKFILL_WORKER_ID: 'e2e-takeover-worker' });
    const done = await waitForStatus(second, id, 'completed', 60_000);

    expect(crashedOwner).not.toBe('e2e-takeover-worker');
    expect((await jobRow(id)).owner).toBe('e2e-takeover-worker');
    expect(done.progress).toMatchObject({ rowsDone: 2000, rowsTotal: 2000 });
    expect(done.worker.claims).toBe(2);
    expect(ids).toHaveLength(2000);
  });

  it('cancel stops a running job after at most its current page', async () => {
    const { body } = await seeded(3000);
    const app = await backfill({ BACKFILL_PAGE_SIZE: '100' }).start();
    const id = await startJob(app, { ...body, rateLimit: 100 });
    await waitUntil(
      async () => ((await job(app, id)).progress.rowsDone >= 100 ? true : undefined),
      'rows done >= 100',
      30_000,
      20,
    );

    const cancelled = await call<{ status: string; progress: { rowsDone: number } }>(
      app,
      'POST',
      `/backfills/${id}/cancel`,
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const after = await job(app, id);
    expect(after.status).toBe('cancelled');
    // The checkpoint of a cancelled job is refused, so the count stops where the cancel found it.
    expect(after.progress.rowsDone).toBe(cancelled.body.progress.rowsDone);
    expect(after.progress.rowsDone).toBeLessThan(3000);
    expect(await call(app, 'POST', `/backfills/${id}/cancel`)).toMatchObject({
      status: 409,
      body: { message: `backfill ${id} is already cancelled` },
    });
  });
});
