import { AppProcess, SourceDbFixture, stackEnvironment, TcpProxy, waitUntil } from '@cdc/testing';

import { baseAppEnvironment, PLATFORM_E2E_PORTS } from '../harness';

const APPS = ['enrichment', 'redis-sink', 'bigquery-sink', 'webhook-sink', 'backfill'] as const;

describe('configuration is validated at start-up', () => {
  it.each(APPS)('%s exits with code 1 and names a missing KAFKA_BROKERS', async (app) => {
    const { KAFKA_BROKERS: _omitted, ...environment } = baseAppEnvironment;
    const process = new AppProcess(app, environment, PLATFORM_E2E_PORTS.failingStart).spawn();
    expect(await process.exited()).toBe(1);
    expect(process.logs.startsWith(`${app} failed to start. Invalid configuration:\n`)).toBe(true);
    expect(process.logs).toContain(
      '  - KAFKA_BROKERS is missing: must be a comma-separated list of host:port; must list at least one host:port\n',
    );
  });

  it('names a malformed variable, and every problem at once', async () => {
    const process = new AppProcess(
      'enrichment',
      {
        ...baseAppEnvironment,
        PG_PORT: 'five',
        KAFKA_BROKERS: 'no-port',
        LATE_CONTENT_WAIT_MS: '-1',
      },
      PLATFORM_E2E_PORTS.failingStart,
    ).spawn();
    expect(await process.exited()).toBe(1);
    expect(process.logs).toContain(
      'PG_PORT is invalid: must not be greater than 65535; must not be less than 1; must be an integer number',
    );
    expect(process.logs).toContain(
      'KAFKA_BROKERS is invalid: must be a comma-separated list of host:port',
    );
    expect(process.logs).toContain('LATE_CONTENT_WAIT_MS is invalid: must not be less than 0');
  });
});

describe('health', () => {
  const postgres = new TcpProxy(stackEnvironment.PG_HOST, Number(stackEnvironment.PG_PORT));
  let enrichment: AppProcess;

  beforeAll(async () => {
    const port = await postgres.start();
    enrichment = await new AppProcess(
      'enrichment',
      { ...baseAppEnvironment, PG_PORT: String(port) },
      PLATFORM_E2E_PORTS.healthEnrichment,
    ).start();
  });

  afterAll(async () => {
    await enrichment?.kill('SIGKILL');
    await postgres.stop();
  });

  it('answers liveness and readiness with every dependency up', async () => {
    const db = new SourceDbFixture();
    const [{ contents }] = (await db.query<{ contents: number }>(
      'SELECT count(*)::int AS contents FROM content',
    )) as [{ contents: number }];
    await db.close();
    expect(await enrichment.get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await enrichment.get('/health')).toEqual({
      status: 200,
      body: expect.objectContaining({
        status: 'ok',
        info: {
          kafka: { status: 'up', brokers: 1 },
          // The events group and the content group of this replica, both consuming.
          consumers: {
            status: 'up',
            groups: [expect.stringMatching(/^enrichment-content-/), expect.any(String)],
          },
          postgres: { status: 'up' },
          // The catalogue holds every content row; no content change arrived since start.
          content: { status: 'up', contents, appliedLsn: null },
        },
      }),
    });
  });

  it('answers 503 naming Postgres when Postgres is down, while liveness stays 200', async () => {
    await postgres.cut();
    const down = await waitUntil(
      async () => {
        const response = await enrichment.get<{
          status: string;
          error: Record<string, { status: string; message?: string }>;
        }>('/health');
        return response.status === 503 ? response : undefined;
      },
      'readiness 503',
      20_000,
      250,
    );
    expect(down.body.status).toBe('error');
    expect(Object.keys(down.body.error)).toEqual(['postgres']);
    expect(down.body.error['postgres']?.status).toBe('down');
    expect(await enrichment.status('/health/live')).toBe(200);
  });
});
