import { randomUUID } from 'node:crypto';

import {
  aContent,
  AppProcess,
  type ContentRow,
  type SourceDbFixture,
  waitUntil,
} from '@cdc/testing';

import { baseAppEnvironment } from './app-environment';
import { E2E_PORTS } from './ports';

export const API_TOKEN = 'e2e-backfill-token-0123456789';

/**
 * Environment of the backfill app on the local stack, in a queue of its own so that a
 * backfill service someone else runs against the same database never takes this test's jobs.
 */
export function backfillEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...baseAppEnvironment,
    BACKFILL_API_TOKEN: API_TOKEN,
    BACKFILL_QUEUE: `e2e-${randomUUID().slice(0, 8)}`,
    BACKFILL_WORKER_ID: `e2e-worker-${randomUUID().slice(0, 8)}`,
    BACKFILL_POLL_MS: '100',
    BACKFILL_HEARTBEAT_MS: '500',
    ...extra,
  };
}

/** The built backfill app; start it again with the same environment to restart "the same pod". */
export function backfillApp(
  environment: Record<string, string> = backfillEnvironment(),
  port: number = E2E_PORTS.backfill,
): AppProcess {
  return new AppProcess('backfill', environment, port);
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

/** Yesterday, at a whole hour, as an ISO string; history rows are spread after it. */
export function yesterdayHour(): Date {
  const date = new Date(Date.now() - 86_400_000);
  date.setUTCMinutes(0, 0, 0);
  return date;
}

/**
 * Inserts `count` historical events spread over the contents, each with its own microsecond
 * event_ts (several share a millisecond, and pairs share a microsecond, to test the keyset).
 * Durations cycle through values with known figures, NULL included.
 */
export async function seedHistory(
  db: SourceDbFixture,
  contents: readonly ContentRow[],
  count: number,
  start: Date,
): Promise<string[]> {
  const durations = [7000, 60000, 9000, 0, null, 123456, 1];
  const types = ['play', 'pause', 'finish', 'click'] as const;
  const ids: string[] = [];
  for (let offset = 0; offset < count; offset += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - offset) }, (_, index) => {
      const n = offset + index;
      // Two rows per microsecond, 250 microseconds per millisecond pair: ties across pages.
      const micros = Math.floor(n / 2) * 250;
      const ms = start.getTime() + Math.floor(micros / 1000);
      const iso = `${new Date(ms).toISOString().slice(0, 19)}.${String((ms % 1000) * 1000 + (micros % 1000)).padStart(6, '0')}Z`;
      return {
        content_id: contents[n % contents.length]?.id ?? null,
        user_id: randomUUID(),
        event_type: types[n % types.length] ?? 'play',
        event_ts: iso,
        duration_ms: durations[n % durations.length] ?? null,
        device: n % 3 === 0 ? null : `device-${n % 5}`,
        raw_payload: n % 11 === 0 ? null : { n, tags: ['history', String(n % 7)] },
      };
    });
    ids.push(...(await db.insertEvents(rows)));
  }
  return ids;
}

export async function insertContents(
  db: SourceDbFixture,
  lengths: readonly (number | null)[],
): Promise<ContentRow[]> {
  const contents: ContentRow[] = [];
  for (const [index, length] of lengths.entries()) {
    contents.push(
      await db.insertContent(
        aContent({
          length_seconds: length,
          content_type: (['podcast', 'newsletter', 'video'] as const)[index % 3] ?? 'podcast',
        }),
      ),
    );
  }
  return contents;
}

/**
 * The enriched values Postgres itself computes for these ids, joined with the content as it
 * is now: the oracle the published records are compared with. Numeric arithmetic in SQL is
 * exact and rounds half away from zero, like the contract.
 */
export async function expectedEnriched(
  db: SourceDbFixture,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const rows = await db.query<Record<string, unknown> & { event_id: string }>(
    `SELECT e.id::text AS event_id, e.content_id, e.user_id, e.event_type,
       to_char(e.event_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS event_ts,
       e.duration_ms, e.device, e.raw_payload,
       c.slug AS content_slug, c.title AS content_title, c.content_type, c.length_seconds,
       to_char(c.publish_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS publish_ts,
       (e.duration_ms / 1000.0)::float8 AS engagement_seconds,
       CASE WHEN c.length_seconds IS NULL OR c.length_seconds = 0 OR e.duration_ms IS NULL THEN NULL
            ELSE round(e.duration_ms / 1000.0 / c.length_seconds * 100, 2)::float8 END AS engagement_pct
     FROM engagement_events e LEFT JOIN content c ON c.id = e.content_id
     WHERE e.id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.event_id,
      { schema_version: 1, ...row, source_ts_ms: null, source_lsn: null, origin: 'backfill' },
    ]),
  );
}
