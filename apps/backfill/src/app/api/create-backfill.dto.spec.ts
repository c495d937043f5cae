import 'reflect-metadata';

import { parseRoutes, RouteTable } from '@cdc/routing';
import { plainToInstance } from 'class-transformer';
import { useContainer, validate } from 'class-validator';

import { BackfillConfig } from '../backfill.config';
import {
  MaxRangeConstraint,
  MaxRateLimitConstraint,
  RoutesTargetConstraint,
} from './backfill-limits.constraints';
import { CreateBackfillDto } from './create-backfill.dto';

const config = Object.assign(new BackfillConfig(), {
  BACKFILL_MAX_RANGE_DAYS: 7,
  BACKFILL_MAX_RATE_LIMIT: 5000,
});
const parsed = parseRoutes(
  'routes:\n  - { name: clicks, where: { field: event_type, eq: click } }',
);
const routes = parsed.ok ? parsed.value : RouteTable.empty;
const constraints = new Map<unknown, unknown>([
  [MaxRangeConstraint, new MaxRangeConstraint(config)],
  [MaxRateLimitConstraint, new MaxRateLimitConstraint(config)],
  [RoutesTargetConstraint, new RoutesTargetConstraint(routes)],
]);

/** The messages ValidationPipe would answer with, in the same order. */
async function messages(body: Record<string, unknown>): Promise<string[]> {
  const dto = plainToInstance(CreateBackfillDto, body);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

const VALID = { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z', sinks: ['bigquery'] };

describe('CreateBackfillDto', () => {
  beforeAll(() => {
    useContainer({ get: (type: unknown) => constraints.get(type) }, { fallback: true });
  });

  it('accepts a minimal and a full request', async () => {
    expect(await messages(VALID)).toEqual([]);
    expect(
      await messages({
        from: '2026-11-14T00:00:00.000001+01:00',
        to: '2026-11-21T00:00:00.000001+01:00',
        contentIds: ['6F1F3C1E-2B4A-4C55-9D1E-0A1B2C3D4E5F'],
        eventTypes: ['play', 'finish'],
        sinks: ['redis', 'bigquery', 'webhook'],
        rateLimit: 5000,
      }),
    ).toEqual([]);
  });

  it('gives one message per property: its most basic violation', async () => {
    expect(await messages({ ...VALID, sinks: undefined })).toEqual([
      'sinks is required: name at least one of redis, bigquery, webhook, routes',
    ]);
    expect(await messages({ ...VALID, sinks: 'redis' })).toEqual([
      'sinks must be an array of redis, bigquery, webhook, routes',
    ]);
    expect(
      await messages({ ...VALID, contentIds: '6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f' }),
    ).toEqual(['contentIds must be an array of UUIDs']);
    expect(await messages({ ...VALID, rateLimit: '10' })).toEqual([
      'rateLimit must be an integer number of rows per second',
    ]);
    expect(await messages({ ...VALID, from: 'soon', to: 'later' })).toEqual([
      'from must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z',
      'to must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z',
    ]);
  });

  it.each([
    [
      { ...VALID, from: undefined },
      'from must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z',
    ],
    [
      { ...VALID, from: '2026-11-20' },
      'from must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z',
    ],
    [
      { ...VALID, from: '2026-11-20T00:00:00' },
      'from must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z',
    ],
    [
      { ...VALID, to: 'tomorrow' },
      'to must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z',
    ],
    [
      { ...VALID, to: 20261121 },
      'to must be an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z',
    ],
    [{ ...VALID, to: VALID.from }, 'from must be before to'],
    [{ ...VALID, from: '2026-11-22T00:00:00Z' }, 'from must be before to'],
    [
      { ...VALID, to: '2026-11-27T00:00:00.000001Z' },
      'the range from..to must not exceed 7 days (BACKFILL_MAX_RANGE_DAYS)',
    ],
    [
      { ...VALID, sinks: undefined },
      'sinks is required: name at least one of redis, bigquery, webhook, routes',
    ],
    [{ ...VALID, sinks: [] }, 'sinks must name at least one sink'],
    [{ ...VALID, sinks: 'bigquery' }, 'sinks must be an array of redis, bigquery, webhook, routes'],
    [
      { ...VALID, sinks: ['bigquery', 'snowflake'] },
      'each value in sinks must be one of redis, bigquery, webhook, routes',
    ],
    [{ ...VALID, sinks: ['redis', 'redis'] }, 'sinks must not repeat a sink'],
    [{ ...VALID, contentIds: ['not-a-uuid'] }, 'each value in contentIds must be a UUID'],
    [
      { ...VALID, contentIds: [] },
      'contentIds must not be empty; leave it out to include every content',
    ],
    [
      { ...VALID, contentIds: '6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f' },
      'contentIds must be an array of UUIDs',
    ],
    [
      { ...VALID, eventTypes: ['scroll'] },
      'each value in eventTypes must be one of play, pause, finish, click',
    ],
    [
      { ...VALID, eventTypes: [] },
      'eventTypes must not be empty; leave it out to include every event type',
    ],
    [{ ...VALID, rateLimit: 0 }, 'rateLimit must be at least 1 row per second'],
    [{ ...VALID, rateLimit: 2.5 }, 'rateLimit must be an integer number of rows per second'],
    [
      { ...VALID, rateLimit: 5001 },
      'rateLimit must not be greater than 5000 rows per second (BACKFILL_MAX_RATE_LIMIT)',
    ],
    [{ ...VALID, offset: 10 }, 'property offset should not exist'],
  ])('rejects %j with "%s"', async (body, message) => {
    expect(await messages(body)).toContain(message);
  });

  it('reports every violation of one request, each with its own message', async () => {
    expect(
      await messages({
        from: '2026-11-22T00:00:00Z',
        to: '2026-11-21T00:00:00Z',
        sinks: ['ftp'],
        contentIds: ['x'],
        rateLimit: 0,
      }),
    ).toEqual([
      'from must be before to',
      'each value in contentIds must be a UUID',
      'each value in sinks must be one of redis, bigquery, webhook, routes',
      'rateLimit must be at least 1 row per second',
    ]);
  });

  it('allows exactly the maximum range', async () => {
    expect(
      await messages({ ...VALID, from: '2026-11-14T00:00:00Z', to: '2026-11-21T00:00:00Z' }),
    ).toEqual([]);
  });

  it('compares bounds to the microsecond', async () => {
    expect(
      await messages({
        ...VALID,
        from: '2026-11-20T00:00:00.000001Z',
        to: '2026-11-20T00:00:00.000002Z',
      }),
    ).toEqual([]);
    expect(
      await messages({
        ...VALID,
        from: '2026-11-20T00:00:00.000002Z',
        to: '2026-11-20T00:00:00.000001Z',
      }),
    ).toEqual(['from must be before to']);
  });

  it('accepts routes as a target where there are routes, and only there', async () => {
    expect(await messages({ ...VALID, sinks: ['redis', 'routes'] })).toEqual([]);
    expect(await messages({ ...VALID, sinks: ['routes'] })).toEqual([]);
    constraints.set(RoutesTargetConstraint, new RoutesTargetConstraint(RouteTable.empty));
    try {
      expect(await messages({ ...VALID, sinks: ['routes'] })).toEqual([
        'sinks names routes, but this backfill service has no routes (ROUTES_FILE is empty)',
      ]);
      expect(await messages(VALID)).toEqual([]);
    } finally {
      constraints.set(RoutesTargetConstraint, new RoutesTargetConstraint(routes));
    }
  });
});
