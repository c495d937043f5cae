import { metricSamples, waitUntil } from '@cdc/testing';

import { BackfillHarness, NoiseDatabase, ScratchConnector, SOURCE_E2E_PORTS } from '../harness';

/**
 * The source database's slot (deploy/debezium/README.md): Debezium's heartbeat.action.query
 * keeps it moving while the captured tables are idle and other databases of the cluster write,
 * the backfill app's monitor reports its retained WAL, and a dropped slot fails the connector
 * task loudly (it is not silently re-created) and is named by the monitor; the documented
 * recovery brings the rows of the gap back as snapshot reads.
 *
 * Everything runs on a connector, database and slot of the file's own (ScratchConnector), never
 * on the main connector engagement-postgres or its slot.
 */
describe('the replication slot of the source database', () => {
  const source = new ScratchConnector('slot');
  const noise = new NoiseDatabase();
  const backfill = new BackfillHarness({
    name: 'slot',
    port: SOURCE_E2E_PORTS.backfill,
    env: source.environment,
  });

  interface Heartbeat {
    beat_at: Date;
  }
  const heartbeat = async (): Promise<Date> =>
    (await source.pool.query<Heartbeat>('SELECT beat_at FROM cdc_heartbeat WHERE id = 1')).rows[0]!
      .beat_at;
  const capturedRows = async (): Promise<{ content: number; events: number }> => {
    const { rows } = await source.pool.query<{ content: string; events: string }>(
      `SELECT (SELECT count(*) FROM content) AS content, (SELECT count(*) FROM engagement_events) AS events`,
    );
    return { content: Number(rows[0]!.content), events: Number(rows[0]!.events) };
  };
  const endOffset = async (topic: string): Promise<number> =>
    (await backfill.admin.listTopics()).includes(topic)
      ? (await backfill.admin.endOffsets(topic)).reduce((sum, p) => sum + Number(p.offset), 0)
      : 0;
  const readiness = async () =>
    backfill.app.get<{ status: string; details: Record<string, Record<string, unknown>> }>(
      '/health',
    );

  beforeAll(async () => {
    await noise.create();
    await source.start();
    await backfill.start();
  }, 300_000);

  afterAll(async () => {
    await backfill.close();
    await source.close();
    await noise.drop();
  }, 180_000);

  it('the heartbeat advances the slot past WAL of another database while the captured tables are idle', async () => {
    await waitUntil(
      async () => ((await source.slotPosition())?.active ? true : undefined),
      'slot streaming',
      60_000,
      200,
    );
    const before = (await source.slotPosition())!;
    const beatBefore = await heartbeat();
    const idle = await capturedRows();
    const contentOffset = await endOffset(source.topic('content'));
    const eventsOffset = await endOffset(source.topic('engagement_events'));

    // About 4 MB of WAL in a database no connector captures, and nothing in the captured tables.
    const noiseEnd = await noise.write(4);

    // confirmed_flush_lsn passes the end of the noise (Debezium confirmed a heartbeat change
    // written after it), and restart_lsn follows, so the noise is released.
    const after = await waitUntil(
      async () => {
        const slot = await source.slotPosition();
        return slot &&
          (await source.lsnAtLeast(slot.confirmedFlushLsn, noiseEnd)) &&
          (await source.lsnAtLeast(slot.restartLsn, noiseEnd))
          ? slot
          : undefined;
      },
      `slot ${source.slot} confirmed and restarting past ${noiseEnd}`,
      120_000,
      500,
    );
    expect(await source.lsnAtLeast(after.confirmedFlushLsn, before.confirmedFlushLsn)).toBe(true);
    expect(after.restartLsn).not.toBe(before.restartLsn);
    expect((await heartbeat()).getTime()).toBeGreaterThan(beatBefore.getTime());
    // The captured tables did not change, and neither did their topics.
    expect(await capturedRows()).toEqual(idle);
    expect(idle).toEqual({ content: 0, events: 0 });
    expect(await endOffset(source.topic('content'))).toBe(contentOffset);
    expect(await endOffset(source.topic('engagement_events'))).toBe(eventsOffset);
    // The heartbeat's own changes go to a topic of their own, which nothing in the pipeline reads.
    expect(await endOffset(source.topic('cdc_heartbeat'))).toBeGreaterThan(0);
  });

  it('the backfill app exposes the slot retained WAL, measured at scrape time', async () => {
    // Bracketed by two SQL readings: current WAL only grows and restart_lsn only advances, so
    // the scrape's figure lies between current(before) - restart(after) and current(after) - restart(before).
    const first = await source.pool.query<{ current: string; restart: string }>(
      `SELECT pg_current_wal_lsn()::text AS current, restart_lsn::text AS restart
         FROM pg_replication_slots WHERE slot_name = $1`,
      [source.slot],
    );
    const text = await backfill.metrics();
    const bounds = await source.pool.query<{ low: string; high: string }>(
      `SELECT pg_wal_lsn_diff($1::pg_lsn, restart_lsn)::text AS low,
              pg_wal_lsn_diff(pg_current_wal_lsn(), $2::pg_lsn)::text AS high
         FROM pg_replication_slots WHERE slot_name = $3`,
      [first.rows[0]!.current, first.rows[0]!.restart, source.slot],
    );
    const retained = metricSamples(text, 'cdc_replication_slot_retained_wal_bytes');
    expect(retained.map((sample) => sample.labels)).toEqual([{ slot: source.slot }]);
    const value = retained[0]!.value;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeGreaterThanOrEqual(Math.max(0, Number(bounds.rows[0]!.low)));
    expect(value).toBeLessThanOrEqual(Number(bounds.rows[0]!.high));
    expect(metricSamples(text, 'cdc_replication_slot_present')).toEqual([
      { labels: { slot: source.slot }, value: 1 },
    ]);
    expect(metricSamples(text, 'cdc_replication_slot_active')).toEqual([
      { labels: { slot: source.slot }, value: 1 },
    ]);
    expect(metricSamples(text, 'cdc_replication_slot_wal_status')).toEqual(
      ['reserved', 'extended', 'unreserved', 'lost'].map((status) => ({
        labels: { slot: source.slot, wal_status: status },
        value: status === 'reserved' ? 1 : 0,
      })),
    );
    const health = await readiness();
    expect(health.status).toBe(200);
    expect(health.body.details['replication-slots']).toEqual({
      status: 'up',
      message: 'every replication slot is streaming',
      slots: { [source.slot]: 'streaming' },
    });
  });

  it('a dropped slot fails the connector task loudly, is not re-created, and the monitor names it; the documented recovery re-snapshots', async () => {
    await source.dropSlot();
    // A row committed while there is no slot: no stream can deliver it any more.
    const gapContentId = '6a1f0000-0000-4000-8000-00000000aa01';
    await source.pool.query(
      `INSERT INTO content (id, slug, title, content_type, length_seconds, publish_ts)
       VALUES ($1, 'slot-gap', 'Written while the slot was gone', 'video', 60, now())`,
      [gapContentId],
    );

    const failed = await waitUntil(
      async () => {
        const status = await source.status();
        return status.tasks[0]?.state === 'FAILED' ? status : undefined;
      },
      `task of ${source.name} FAILED`,
      120_000,
      500,
    );
    expect(failed.connector.state).toBe('RUNNING');
    expect(failed.tasks.map((task) => [task.id, task.state])).toEqual([[0, 'FAILED']]);
    const trace = failed.tasks[0]!.trace!;
    expect(trace).toMatch(
      /^io\.debezium\.DebeziumException: The connector is trying to read change stream starting at PostgresOffsetContext /,
    );
    expect(trace).toContain(`db='${source.database}'`);
    expect(trace).toContain(
      ', but this is no longer available on the server. Reconfigure the connector to use a snapshot mode when needed.',
    );
    // Debezium did not create a new slot (which would silently skip the gap).
    expect(await source.slotPosition()).toBeUndefined();

    const text = await backfill.metrics();
    expect(metricSamples(text, 'cdc_replication_slot_present')).toEqual([
      { labels: { slot: source.slot }, value: 0 },
    ]);
    expect(metricSamples(text, 'cdc_replication_slot_active')).toEqual([
      { labels: { slot: source.slot }, value: 0 },
    ]);
    expect(metricSamples(text, 'cdc_replication_slot_retained_wal_bytes')).toEqual([]);
    expect(metricSamples(text, 'cdc_replication_slot_wal_status')).toEqual([]);
    // Readiness names the slot but stays up: the backfill is what the recovery may need.
    const health = await readiness();
    expect(health.status).toBe(200);
    expect(health.body.details['replication-slots']).toEqual({
      status: 'up',
      message: `replication slot ${source.slot} is missing (dropped): the connector cannot stream; changes since its last confirmed position need a re-snapshot or a backfill`,
      slots: { [source.slot]: 'missing' },
    });

    // The recovery of deploy/debezium/README.md: stop, delete the stored offsets, resume. The
    // task finds no offset, creates the slot and snapshots (snapshot.mode=initial): the gap's
    // row arrives as a snapshot read (op "r"); the sinks deduplicate what they already had.
    const tail = await backfill.kafka.tail([source.topic('content')], true);
    expect((await source.connect('PUT', '/stop')).status).toBe(204);
    await waitUntil(
      async () => ((await source.status()).connector.state === 'STOPPED' ? true : undefined),
      `${source.name} STOPPED`,
      60_000,
      500,
    );
    expect((await source.connect('DELETE', '/offsets')).status).toBe(200);
    expect((await source.connect('PUT', '/resume')).status).toBe(202);
    await waitUntil(
      async () => {
        const status = await source.status();
        return status.tasks[0]?.state === 'RUNNING' && (await source.slotPosition())?.active
          ? true
          : undefined;
      },
      `${source.name} RUNNING on a new slot`,
      120_000,
      500,
    );
    const [gapRecord] = await tail.waitFor(
      (record) => record.key?.toString() === JSON.stringify({ id: gapContentId }),
      1,
      60_000,
    );
    const envelope = JSON.parse(gapRecord!.value!.toString()) as {
      op: string;
      after: { id: string; slug: string };
      source: { snapshot: string };
    };
    expect([envelope.op, envelope.after.id, envelope.after.slug]).toEqual([
      'r',
      gapContentId,
      'slot-gap',
    ]);
    expect(envelope.source.snapshot).toMatch(
      /^(true|first|last|first_in_data_collection|last_in_data_collection)$/,
    );
    const recovered = await backfill.metrics();
    expect(metricSamples(recovered, 'cdc_replication_slot_present')).toEqual([
      { labels: { slot: source.slot }, value: 1 },
    ]);
  });
});
