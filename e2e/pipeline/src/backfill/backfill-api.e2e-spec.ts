import { randomUUID } from 'node:crypto';

import type { AppProcess } from '@cdc/testing';

import { BackfillHarness, call, waitForStatus } from '../harness';

const VALID = { from: '2001-02-03T00:00:00Z', to: '2001-02-04T00:00:00Z', sinks: ['bigquery'] };

/** The HTTP contract: bearer token, validation messages, ids, list and cancel. */
describe('backfill: HTTP API', () => {
  const backfill = new BackfillHarness({
    name: 'api',
    env: { BACKFILL_MAX_RANGE_DAYS: '10', BACKFILL_MAX_RATE_LIMIT: '5000' },
  });
  let app: AppProcess;

  beforeAll(async () => {
    app = await backfill.start();
  });

  afterAll(async () => {
    await backfill.close();
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'e2e-backfill-token-0123456780'],
    ['a token of another length', 'short'],
    ['an empty token', ''],
  ])('answers 401 to %s, on every endpoint', async (_, token) => {
    const id = randomUUID();
    for (const [method, path, body] of [
      ['POST', '/backfills', VALID],
      ['GET', '/backfills', undefined],
      ['GET', `/backfills/${id}`, undefined],
      ['POST', `/backfills/${id}/cancel`, undefined],
    ] as const) {
      const answer = await call(app, method, path, { token, body });
      expect({ path, status: answer.status, body: answer.body }).toEqual({
        path,
        status: 401,
        body: {
          statusCode: 401,
          error: 'Unauthorized',
          message: 'a valid bearer token is required: Authorization: Bearer <BACKFILL_API_TOKEN>',
        },
      });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="backfill"');
    }
  });

  it('leaves /health, /health/live and /metrics open', async () => {
    expect(await app.status('/health')).toBe(200);
    expect(await app.status('/health/live')).toBe(200);
    expect(await app.status('/metrics')).toBe(200);
  });

  it.each([
    [
      { ...VALID, from: undefined },
      ['from must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z'],
    ],
    [
      { ...VALID, from: '2001-02-03' },
      ['from must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z'],
    ],
    [
      { ...VALID, to: 'later' },
      ['to must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z'],
    ],
    [{ ...VALID, to: VALID.from }, ['from must be before to']],
    [{ ...VALID, from: '2001-02-05T00:00:00Z' }, ['from must be before to']],
    [
      { ...VALID, to: '2001-02-13T00:00:00.000001Z' },
      ['the range from..to must not exceed 10 days (BACKFILL_MAX_RANGE_DAYS)'],
    ],
    [{ ...VALID, sinks: [] }, ['sinks must name at least one sink']],
    [
      { ...VALID, sinks: undefined },
      ['sinks is required: name at least one of redis, bigquery, webhook, routes'],
    ],
    [{ ...VALID, sinks: 'redis' }, ['sinks must be an array of redis, bigquery, webhook, routes']],
    [
      { ...VALID, sinks: ['bigquery', 'kinesis'] },
      ['each value in sinks must be one of redis, bigquery, webhook, routes'],
    ],
    [{ ...VALID, sinks: ['redis', 'redis'] }, ['sinks must not repeat a sink']],
    [{ ...VALID, contentIds: ['123'] }, ['each value in contentIds must be a UUID']],
    [
      { ...VALID, contentIds: [] },
      ['contentIds must not be empty; leave it out to include every content'],
    ],
    [
      { ...VALID, eventTypes: ['scroll'] },
      ['each value in eventTypes must be one of play, pause, finish, click'],
    ],
    [{ ...VALID, rateLimit: 0 }, ['rateLimit must be at least 1 row per second']],
    [{ ...VALID, rateLimit: 1.5 }, ['rateLimit must be an integer number of rows per second']],
    [
      { ...VALID, rateLimit: 5001 },
      ['rateLimit must not be greater than 5000 rows per second (BACKFILL_MAX_RATE_LIMIT)'],
    ],
    [{ ...VALID, offset: 100 }, ['property offset should not exist']],
  ])('answers 400 to %j naming the violation', async (body, messages) => {
    const answer = await call(app, 'POST', '/backfills', { body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ statusCode: 400, error: 'Bad Request', message: messages });
  });

  it('answers 400 with every violation of one request', async () => {
    const answer = await call(app, 'POST', '/backfills', {
      body: {
        from: '2001-02-05T00:00:00Z',
        to: '2001-02-04T00:00:00Z',
        sinks: ['ftp'],
        contentIds: ['x'],
        rateLimit: -1,
      },
    });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        message: [
          'from must be before to',
          'each value in contentIds must be a UUID',
          'each value in sinks must be one of redis, bigquery, webhook, routes',
          'rateLimit must be at least 1 row per second',
        ],
      },
    });
  });

  it('answers 400 to ids that are not UUIDs and 404 to unknown ones', async () => {
    expect(await call(app, 'GET', '/backfills/42')).toMatchObject({
      status: 400,
      body: { message: 'id must be a UUID' },
    });
    expect(await call(app, 'POST', '/backfills/42/cancel')).toMatchObject({
      status: 400,
      body: { message: 'id must be a UUID' },
    });
    const unknown = randomUUID();
    expect(await call(app, 'GET', `/backfills/${unknown}`)).toMatchObject({
      status: 404,
      body: { message: `backfill ${unknown} does not exist` },
    });
    expect(await call(app, 'POST', `/backfills/${unknown}/cancel`)).toMatchObject({ status: 404 });
  });

  it('queues with 202, lists the job, normalises the request and cancels it once', async () => {
    // An empty range far in the past: the job completes at once, so cancelling it is a conflict.
    const created = await call<{ id: string; status: string }>(app, 'POST', '/backfills', {
      body: {
        from: '2001-02-03T01:00:00.5+01:00',
        to: '2001-02-03T02:00:00Z',
        sinks: ['redis', 'webhook'],
        contentIds: ['6F1F3C1E-2B4A-4C55-9D1E-0A1B2C3D4E5F'],
        rateLimit: 100,
      },
    });
    expect(created).toMatchObject({ status: 202, body: { status: 'queued' } });
    const done = await waitForStatus(app, created.body.id, 'completed');
    expect(done).toMatchObject({
      request: {
        from: '2001-02-03T00:00:00.500000Z',
        to: '2001-02-03T02:00:00.000000Z',
        contentIds: ['6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f'],
        eventTypes: null,
        sinks: ['redis', 'webhook'],
        rateLimit: 100,
      },
      progress: { percent: 100, rowsDone: 0, rowsTotal: 0, pagesDone: 0 },
      cursor: null,
    });
    const listed = await call<{ jobs: { id: string }[] }>(app, 'GET', '/backfills');
    expect(listed.status).toBe(200);
    expect(listed.body.jobs.map((listedJob) => listedJob.id)).toContain(created.body.id);
    expect(await call(app, 'POST', `/backfills/${created.body.id}/cancel`)).toMatchObject({
      status: 409,
      body: { message: `backfill ${created.body.id} is already completed` },
    });
  });
});
