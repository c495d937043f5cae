import { AppProcess, waitUntil } from '@cdc/testing';
import { Client } from 'pg';

import { AppHarness, type HarnessOptions } from './app-harness';
import { E2E_PORTS } from './ports';

export const API_TOKEN = 'e2e-backfill-token-0123456789';

/**
 * The backfill's own variables, in a queue of its own so that a backfill service someone
 * else runs against the same database never takes this test's jobs.
 */
function backfillVariables(queue: string, workerId: string): Record<string, string> {
  return {
    BACKFILL_API_TOKEN: API_TOKEN,
    BACKFILL_QUEUE: queue,
    BACKFILL_WORKER_ID: workerId,
    BACKFILL_POLL_MS: '100',
    BACKFILL_HEARTBEAT_MS: '500',
  };
}

/**
 * The backfill of a test file: its job queue is the harness prefix and its worker id
 * <prefix>-worker, so restart() is "the same pod" taking its own jobs back. It consumes no
 * topic: placeAtEnd() has nothing to place. close() deletes the queue's jobs.
 */
export class BackfillHarness extends AppHarness {
  constructor(options: HarnessOptions) {
    super('backfill', [], { port: E2E_PORTS.backfill, ...options });
  }

  protected appEnvironment(): Record<string, string> {
    return backfillVariables(this.prefix, `${this.prefix}-worker`);
  }

  /** The jobs live in the database the app reads (PG_DATABASE), beside the source rows. */
  protected override async cleanup(): Promise<void> {
    const env = this.environment;
    const client = new Client({
      host: env['PG_HOST'],
      port: Number(env['PG_PORT']),
      database: env['PG_DATABASE'],
      user: env['PG_USER'],
      password: env['PG_PASSWORD'],
    });
    await client.connect();
    try {
      await client.query('DELETE FROM backfill_jobs WHERE queue = $1', [env['BACKFILL_QUEUE']]);
    } finally {
      await client.end();
    }
  }
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the backfill API; `token: null` sends no Authorization header. */
export async function call<T = Record<string, unknown>>(
  app: AppProcess,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; token?: string | null } = {},
): Promise<ApiAnswer<T>> {
  const token = options.token === undefined ? API_TOKEN : options.token;
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as T,
    headers: response.headers,
  };
}

export interface JobView {
  id: string;
  status: string;
  request: Record<string, unknown>;
  progress: {
    percent: number;
    rowsDone: number;
    rowsTotal: number | null;
    pagesDone: number;
    recordsPublished: number;
    rowsPerSecond: number | null;
    etaSeconds: number | null;
  };
  cursor: { eventTs: string; id: string } | null;
  errors: { count: number; last: string | null };
  worker: { owner: string | null; claims: number };
  startedAt: string | null;
  finishedAt: string | null;
}

export async function startJob(app: AppProcess, body: Record<string, unknown>): Promise<string> {
  const answer = await call<{ id: string }>(app, 'POST', '/backfills', { body });
  if (answer.status !== 202) {
    throw new Error(`POST /backfills answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body.id;
}

export async function job(app: AppProcess, id: string): Promise<JobView> {
  return (await call<JobView>(app, 'GET', `/backfills/${id}`)).body;
}

export function waitForStatus(
  app: AppProcess,
  id: string,
  status: string,
  timeoutMs = 60_000,
): Promise<JobView> {
  return waitUntil(
    async () => {
      const view = await job(app, id);
      if (['failed', 'cancelled', 'completed'].includes(view.status) && view.status !== status) {
        throw new Error(`backfill ${id} ended ${view.status}: ${JSON.stringify(view)}`);
      }
      return view.status === status ? view : undefined;
    },
    `backfill ${id} ${status}\n${app.logs.slice(-2000)}`,
    timeoutMs,
    100,
  );
}

// The routing specs import it from here.
export { yesterdayHour } from './backfill-history';
