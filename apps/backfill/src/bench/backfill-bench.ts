/**
 * Benchmark of the backfill read path on a large range: keyset pages → enrichment → record
 * serialisation, exactly as a job does, minus Kafka. Prints rows/s and resident memory as it
 * goes, to show that memory stays flat whatever the range's size.
 *
 *   npx nx run backfill:bench -- --rows 1000000 [--page-size 1000]
 *
 * It seeds and reads a scratch database (BENCH_PG_DATABASE, default backfill_bench, created
 * if missing), never the shared source database, so no CDC, sink or colleague sees the rows.
 */
import 'reflect-metadata';

import { parseArgs } from 'node:util';

import {
  advanceCursor,
  BackfillJobEntity,
  enrichForBackfill,
  EventPageReader,
  isLastPage,
  type KeysetCursor,
  toBackfillRecord,
} from '@cdc/backfill-jobs';
import { type PostgresConfig, sourceDataSourceOptions } from '@cdc/source-db';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const BENCH_FROM = '2020-01-01T00:00:00.000000Z';
const BENCH_TO = '2020-02-01T00:00:00.000000Z';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'page-size': { type: 'string', default: '1000' },
  },
});
const targetRows = Number(values.rows);
const pageSize = Number(values['page-size']);

const pg: PostgresConfig = {
  PG_HOST: process.env['PG_HOST'] ?? '127.0.0.1',
  PG_PORT: Number(process.env['PG_PORT'] ?? 55432),
  PG_DATABASE: process.env['BENCH_PG_DATABASE'] ?? 'backfill_bench',
  PG_USER: process.env['PG_USER'] ?? 'engagement',
  PG_PASSWORD: process.env['PG_PASSWORD'] ?? 'engagement',
  PG_SSL: false,
  PG_POOL_SIZE: 2,
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function ensureDatabase(): Promise<void> {
  const admin = new Client({
    host: pg.PG_HOST,
    port: pg.PG_PORT,
    user: pg.PG_USER,
    password: pg.PG_PASSWORD,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      pg.PG_DATABASE,
    ]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${pg.PG_DATABASE.replace(/"/g, '')}"`);
    }
  } finally {
    await admin.end();
  }
}

/** Seeds the bench range up to targetRows with one set-based INSERT (100 contents, ties included). */
async function seed(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query<{ count: string }[]>(
    `SELECT count(*)::text AS count FROM engagement_events WHERE event_ts >= $1 AND event_ts < $2`,
    [BENCH_FROM, BENCH_TO],
  );
  const count = Number(row?.count ?? 0);
  const missing = targetRows - count;
  if (missing <= 0) {
    return count;
  }
  process.stdout.write(`seeding ${missing} rows into ${pg.PG_DATABASE} ...\n`);
  await dataSource.query(
    `INSERT INTO content (id, slug, title, content_type, length_seconds, publish_ts)
     SELECT md5('bench' || n)::uuid, 'bench-' || n, 'Bench ' || n, (ARRAY['podcast','newsletter','video'])[1 + n % 3], 60 + n * 10, '2019-12-01Z'
     FROM generate_series(1, 100) n ON CONFLICT DO NOTHING`,
  );
  await dataSource.query(
    `INSERT INTO engagement_events (content_id, user_id, event_type, event_ts, duration_ms, device, raw_payload)
     SELECT md5('bench' || (1 + n % 100))::uuid, md5('user' || n % 5000)::uuid, (ARRAY['play','pause','finish','click'])[1 + n % 4],
            $1::timestamptz + (n / 2) * interval '1 microsecond' * 1003, CASE WHEN n % 7 = 0 THEN NULL ELSE n % 600000 END,
            'device-' || n % 5, jsonb_build_object('n', n)
     FROM generate_series($2::bigint, $3::bigint) n`,
    [BENCH_FROM, count + 1, targetRows],
  );
  return targetRows;
}

async function main(): Promise<void> {
  await ensureDatabase();
  const dataSource = new DataSource(sourceDataSourceOptions(pg, { entities: [BackfillJobEntity] }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const total = await seed(dataSource);
    const reader = new EventPageReader(dataSource);
    const range = { from: BENCH_FROM, to: BENCH_TO, contentIds: null, eventTypes: null };
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    process.stdout.write(
      `reading ${total} rows in pages of ${pageSize}; RSS before: ${mb(baseline)}\n`,
    );
    const startedMs = performance.now();
    let cursor: KeysetCursor | null = null;
    let rows = 0;
    let bytes = 0;
    let peakRss = baseline;
    let nextReport = 100_000;
    let reportedRows = 0;
    let reportedMs = startedMs;
    for (;;) {
      const page = await reader.readPage(range, cursor, pageSize);
      const enrichedAt = new Date();
      for (const entry of page) {
        if (entry.kind !== 'event') {
          continue;
        }
        bytes += (
          toBackfillRecord(enrichForBackfill(entry, enrichedAt), 'bench', ['bigquery'])
            .value as string
        ).length;
      }
      rows += page.length;
      cursor = advanceCursor(
        cursor,
        page.map(({ key }) => key),
      );
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const last = isLastPage(page.length, pageSize);
      if (rows >= nextReport || (last && rows > reportedRows)) {
        const nowMs = performance.now();
        const intervalRate = Math.round(((rows - reportedRows) / (nowMs - reportedMs)) * 1000);
        process.stdout.write(
          `${String(rows).padStart(9)} rows  ${String(intervalRate).padStart(6)} rows/s (since last line)  ` +
            `RSS ${mb(process.memoryUsage().rss)}  heap ${mb(process.memoryUsage().heapUsed)}\n`,
        );
        reportedRows = rows;
        reportedMs = nowMs;
        nextReport = rows + 100_000;
      }
      if (last) {
        break;
      }
    }
    const seconds = (performance.now() - startedMs) / 1000;
    process.stdout.write(
      `done: ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s; ${mb(bytes)} of records serialised; ` +
        `RSS before ${mb(baseline)}, peak ${mb(peakRss)}, after ${mb(process.memoryUsage().rss)}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
