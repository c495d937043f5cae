import type { AppProcess } from '@cdc/testing';

import { BackfillHarness, OPERABILITY_E2E_PORTS } from '../harness';

const TOKEN = 'operability-token-7f3a9c1e5b2d';

/** Structured logs at the most verbose level, with credentials in play, never carry them. */
describe('secrets never reach the logs', () => {
  const harness = new BackfillHarness({
    name: 'secrets',
    port: OPERABILITY_E2E_PORTS.secretsBackfill,
    env: { BACKFILL_API_TOKEN: TOKEN, LOG_LEVEL: 'trace' },
  });
  let backfill: AppProcess;

  beforeAll(async () => {
    backfill = await harness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('logs requests as JSON, with the Authorization header and the database password censored', async () => {
    const call = (token: string) =>
      fetch(`${backfill.url}/backfills`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call(TOKEN)).status).toBe(200);
    expect((await call(`${TOKEN}-forged`)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = backfill.logs
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            msg: string;
            req?: { url: string; headers: Record<string, string> };
          },
      );
    const requests = lines.filter((line) => line.req?.url === '/backfills');
    expect(requests.map((line) => line.req?.headers['authorization'])).toEqual([
      '[redacted]',
      '[redacted]',
    ]);
    expect(backfill.logs).not.toContain(TOKEN);
    expect(backfill.logs).not.toContain(`password":"${harness.environment['PG_PASSWORD']}`);
  });
});
