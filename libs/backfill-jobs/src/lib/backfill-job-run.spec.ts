import { ROUTES_TARGET } from '@cdc/contracts';
import type { DeadLetter, OutboundRecord, RecordPublisher, TopicAdmin } from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';
import { RouteMetrics, RoutePublisher } from '@cdc/route-publisher';
import { parseRoutes, RouteTable } from '@cdc/routing';
import { Logger } from '@nestjs/common';

import { BackfillJobEntity } from './backfill-job.entity';
import { BackfillJobRun, type JobRunDependencies } from './backfill-job-run';
import type { BackfillJobStore } from './backfill-job-store';
import { BackfillMetrics } from './backfill-metrics';
import type { EventPageReader } from './event-page-reader';
import { type EventPageEntry, type EventPageRow, toPageEntry } from './event-page-row';

const JOB_ID = '3d8c1f0e-5b7a-4e2c-9f10-6a2b3c4d5e6f';
const LEASE = { jobId: JOB_ID, token: 'lease-token-1' };

function row(id: string, eventTs: string): EventPageRow {
  return {
    id,
    content_id: null,
    user_id: null,
    event_type: 'play',
    event_ts: eventTs,
    duration_ms: null,
    device: null,
    raw_payload: null,
    c_id: null,
    c_slug: null,
    c_title: null,
    c_content_type: null,
    c_length_seconds: null,
    c_publish_ts: null,
  };
}

const job = Object.assign(new BackfillJobEntity(), {
  id: JOB_ID,
  rangeFrom: '2026-11-20T00:00:00.000000Z',
  rangeTo: '2026-11-21T00:00:00.000000Z',
  contentIds: null,
  eventTypes: null,
  sinks: ['redis'],
  rateLimit: 1_000,
  cursorEventTs: null,
  cursorId: null,
  rowsTotal: 2,
});

const ROUTES = parseRoutes('routes:\n  - { name: plays, where: { field: event_type, eq: play } }');

/** A run over fakes that log every store write, so a test reads the job's history in order. */
function harness(
  readPage: () => Promise<EventPageEntry[]>,
  backoffMs = 1,
  overrides: Partial<BackfillJobEntity> = {},
  routes: RouteTable = ROUTES.ok ? ROUTES.value : RouteTable.empty,
  /** Event ids whose record the publisher sets aside as too large for any produce request. */
  tooLarge: readonly string[] = [],
) {
  const writes: string[] = [];
  const published: { topic: string; records: readonly OutboundRecord[] }[] = [];
  const written = (entry: string) => async () => {
    writes.push(entry);
    return true;
  };
  const store = {
    heartbeat: async () => true,
    recordError: async (_lease: unknown, message: string) => {
      writes.push(`recordError ${message}`);
      return true;
    },
    recordPublished: async (_lease: unknown, records: number) => {
      writes.push(`recordPublished ${records}`);
      return true;
    },
    checkpoint: async (_lease: unknown, cursor: unknown, rows: number) => {
      writes.push(`checkpoint ${JSON.stringify(cursor)} ${rows}`);
      return true;
    },
    fail: async (_lease: unknown, message: string) => {
      writes.push(`fail ${message}`);
      return true;
    },
    complete: written('complete'),
    release: written('release'),
  } as unknown as BackfillJobStore;
  const registry = new MetricsRegistry();
  const metrics = new BackfillMetrics(registry);
  const publisher = {
    publish: async (topic: string, records: readonly OutboundRecord[]) => {
      published.push({ topic, records });
    },
    publishSettingAside: async (topic: string, records: readonly OutboundRecord[]) => {
      const fits = (record: OutboundRecord) =>
        !tooLarge.includes(record.headers?.['x-event-id'] ?? '');
      published.push({ topic, records: records.filter(fits) });
      return records.flatMap((record, index) =>
        fits(record)
          ? []
          : [{ index, bytes: 2_000_000, reason: 'a record of 2000000 bytes is too large' }],
      );
    },
  } as unknown as RecordPublisher;
  const ensured: string[] = [];
  const letters: { topic: string; stage: string; letters: readonly DeadLetter[] }[] = [];
  const deps: JobRunDependencies = {
    config: {
      BACKFILL_PAGE_SIZE: 1_000,
      BACKFILL_LEASE_MS: 30_000,
      BACKFILL_HEARTBEAT_MS: 60_000,
      BACKFILL_MAX_PAGE_ATTEMPTS: 3,
      KAFKA_TOPIC_PARTITIONS: 4,
    },
    store,
    reader: { readPage, count: async () => 2 } as unknown as EventPageReader,
    publisher,
    deadLetters: {
      send: async (topic: string, stage: string, sent: readonly DeadLetter[]) => {
        if (sent.length > 0) {
          letters.push({ topic, stage, letters: sent });
        }
      },
    },
    admin: { ensureTopics: async () => undefined } as unknown as TopicAdmin,
    routes: new RoutePublisher(routes, publisher, new RouteMetrics(registry, routes)),
    routeTopics: { ensure: async () => void ensured.push('route topics') },
    metrics,
    backoff: { initialMs: backoffMs, maxMs: backoffMs },
  };
  const shutdown = new AbortController();
  const run = new BackfillJobRun(
    Object.assign(new BackfillJobEntity(), job, overrides),
    LEASE,
    deps,
    shutdown.signal,
  );
  const counted = async (metric: { get(): Promise<{ values: { value: number }[] }> }) =>
    (await metric.get()).values[0]?.value ?? 0;
  return { run, writes, published, letters, metrics, shutdown, counted, ensured };
}

describe('BackfillJobRun', () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('fails the job after BACKFILL_MAX_PAGE_ATTEMPTS failed attempts, recording each one', async () => {
    let reads = 0;
    const { run, writes, published, metrics, counted } = harness(async () => {
      reads += 1;
      throw new Error(`connection refused ${reads}`);
    });
    expect(await run.execute()).toBe('failed');
    expect(reads).toBe(3);
    expect(writes).toEqual([
      'recordError connection refused 1',
      'recordError connection refused 2',
      'recordError connection refused 3',
      'fail connection refused 3',
    ]);
    expect(warn.mock.calls).toEqual([
      [`Backfill ${JOB_ID} page attempt 1/3 failed: connection refused 1`],
      [`Backfill ${JOB_ID} page attempt 2/3 failed: connection refused 2`],
      [`Backfill ${JOB_ID} page attempt 3/3 failed: connection refused 3`],
    ]);
    expect(error.mock.calls).toEqual([[`Backfill ${JOB_ID} failed: connection refused 3`]]);
    expect(published).toEqual([]);
    expect(await counted(metrics.pageErrors)).toBe(3);
  });

  it('goes on after a failed attempt: publishes, checkpoints and completes the page', async () => {
    let reads = 0;
    const { run, writes, published, metrics, counted } = harness(async () => {
      reads += 1;
      if (reads === 1) {
        throw new Error('read timeout');
      }
      return [
        toPageEntry(row('41', '2026-11-20T08:00:00.000001Z')),
        toPageEntry(row('42', '2026-11-20T09:00:00.000002Z')),
      ];
    });
    expect(await run.execute()).toBe('completed');
    expect(writes).toEqual([
      'recordError read timeout',
      'recordPublished 2',
      'checkpoint {"eventTs":"2026-11-20T09:00:00.000002Z","id":"42"} 2',
      'complete',
    ]);
    expect(
      published.map(({ topic, records }) => ({
        topic,
        events: records.map((record) => JSON.parse(String(record.value)).event_id),
        jobs: records.map((record) => record.headers?.['x-backfill-job-id']),
        sinks: records.map((record) => record.headers?.['x-target-sinks']),
      })),
    ).toEqual([
      {
        topic: 'engagement.backfill.v1',
        events: ['41', '42'],
        jobs: [JOB_ID, JOB_ID],
        sinks: ['redis', 'redis'],
      },
    ]);
    expect(warn.mock.calls).toEqual([[`Backfill ${JOB_ID} page attempt 1/3 failed: read timeout`]]);
    expect(error.mock.calls).toEqual([]);
    expect(await counted(metrics.pageErrors)).toBe(1);
    expect(await counted(metrics.rows)).toBe(2);
    expect(await counted(metrics.pages)).toBe(1);
  });

  it('dead-letters a row the live path refuses (NULL event_type) with its reason, publishes the others once and completes', async () => {
    const { run, writes, published, letters, metrics, counted } = harness(async () => [
      toPageEntry(row('41', '2026-11-20T08:00:00.000001Z')),
      toPageEntry({ ...row('42', '2026-11-20T09:00:00.000002Z'), event_type: null }),
      toPageEntry(row('43', '2026-11-20T10:00:00.000003Z')),
    ]);
    expect(await run.execute()).toBe('completed');
    expect(
      published.map(({ topic, records }) => [topic, records.map((r) => r.headers?.['x-event-id'])]),
    ).toEqual([['engagement.backfill.v1', ['41', '43']]]);
    expect(letters).toEqual([
      {
        topic: 'engagement.backfill.dlq.v1',
        stage: 'backfill',
        letters: [
          {
            reason: 'unknown engagement_events.event_type null',
            eventId: '42',
            record: {
              topic: 'engagement_events',
              partition: -1,
              offset: '42',
              key: null,
              value: Buffer.from(
                JSON.stringify({
                  id: '42',
                  content_id: null,
                  user_id: null,
                  event_type: null,
                  event_ts: '2026-11-20T09:00:00.000002Z',
                  duration_ms: null,
                  device: null,
                  raw_payload: null,
                }),
              ),
              headers: { 'x-event-id': '42', 'x-backfill-job-id': JOB_ID },
              timestamp: String(Date.parse('2026-11-20T09:00:00.000002Z')),
            },
          },
        ],
      },
    ]);
    // The dead-lettered row is done: the cursor passes it and rows_done counts it.
    expect(writes).toEqual([
      'recordPublished 2',
      'checkpoint {"eventTs":"2026-11-20T10:00:00.000003Z","id":"43"} 3',
      'complete',
    ]);
    expect(await counted(metrics.rows)).toBe(2);
    expect(await counted(metrics.rowsDeadLettered)).toBe(1);
    expect(await counted(metrics.pageErrors)).toBe(0);
  });

  it('dead-letters a row whose record is too large for any produce request, sends no route copy of it and completes', async () => {
    const { run, writes, published, letters, metrics, counted } = harness(
      async () => [
        toPageEntry(row('51', '2026-11-20T08:00:00.000001Z')),
        toPageEntry(row('52', '2026-11-20T09:00:00.000002Z')),
      ],
      1,
      { sinks: ['redis', ROUTES_TARGET] },
      undefined,
      ['52'],
    );
    expect(await run.execute()).toBe('completed');
    expect(
      published.map(({ topic, records }) => [topic, records.map((r) => r.headers?.['x-event-id'])]),
    ).toEqual([
      ['engagement.backfill.v1', ['51']],
      ['engagement.route.plays.v1', ['51']],
    ]);
    expect(
      letters.map(({ topic, stage, letters: sent }) => [
        topic,
        stage,
        sent.map(({ reason, eventId, record }) => [reason, eventId, record.topic, record.offset]),
      ]),
    ).toEqual([
      [
        'engagement.backfill.dlq.v1',
        'backfill',
        [
          [
            'the backfill record cannot be produced to engagement.backfill.v1: a record of 2000000 bytes is too large',
            '52',
            'engagement_events',
            '52',
          ],
        ],
      ],
    ]);
    expect(writes).toEqual([
      'recordPublished 2',
      'checkpoint {"eventTs":"2026-11-20T09:00:00.000002Z","id":"52"} 2',
      'complete',
    ]);
    expect(await counted(metrics.rows)).toBe(1);
    expect(await counted(metrics.rowsDeadLettered)).toBe(1);
  });

  it('hands the job back, not failing it, when shutdown comes while it waits to retry', async () => {
    const { run, writes, shutdown } = harness(async () => {
      throw new Error('broker unavailable');
    }, 60_000);
    const started = Date.now();
    setTimeout(() => shutdown.abort(), 20);
    expect(await run.execute()).toBe('released');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(writes).toEqual(['recordError broker unavailable', 'release']);
    expect(error.mock.calls).toEqual([]);
  });

  describe('targeting routes', () => {
    const page = async () => [
      toPageEntry(row('41', '2026-11-20T08:00:00.000001Z')),
      toPageEntry({ ...row('42', '2026-11-20T09:00:00.000002Z'), event_type: 'click' }),
      toPageEntry(row('43', '2026-11-20T10:00:00.000003Z')),
    ];
    const view = (published: { topic: string; records: readonly OutboundRecord[] }[]) =>
      published.map(({ topic, records }) => ({
        topic,
        events: records.map((record) => record.headers?.['x-event-id']),
        sinks: records.map((record) => record.headers?.['x-target-sinks'] ?? null),
        routes: records.map((record) => record.headers?.['x-route'] ?? null),
      }));

    it('publishes the page to the backfill topic, then the matching records to the route topics, before the checkpoint', async () => {
      const { run, writes, published, ensured } = harness(page, 1, { sinks: ['redis', 'routes'] });
      expect(await run.execute()).toBe('completed');
      expect(ensured).toEqual(['route topics']);
      expect(view(published)).toEqual([
        {
          topic: 'engagement.backfill.v1',
          events: ['41', '42', '43'],
          sinks: ['redis,routes', 'redis,routes', 'redis,routes'],
          routes: [null, null, null],
        },
        {
          topic: 'engagement.route.plays.v1',
          events: ['41', '43'],
          sinks: [null, null],
          routes: ['plays', 'plays'],
        },
      ]);
      expect(writes).toEqual([
        'recordPublished 5',
        'checkpoint {"eventTs":"2026-11-20T10:00:00.000003Z","id":"43"} 3',
        'complete',
      ]);
    });

    it('publishes only to the route topics when the job names no sink', async () => {
      const { run, published } = harness(page, 1, { sinks: ['routes'] });
      expect(await run.execute()).toBe('completed');
      expect(view(published).map(({ topic, events }) => [topic, events])).toEqual([
        ['engagement.route.plays.v1', ['41', '43']],
      ]);
    });

    it('fails the job at once when this worker has no routes', async () => {
      const { run, writes, published } = harness(page, 1, { sinks: ['routes'] }, RouteTable.empty);
      expect(await run.execute()).toBe('failed');
      expect(writes).toEqual([
        'fail the job targets routes, but this worker has none (ROUTES_FILE is empty)',
      ]);
      expect(published).toEqual([]);
    });
  });
});
