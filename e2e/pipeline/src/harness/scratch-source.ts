import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { SourceDbFixture, stackEnvironment } from '@cdc/testing';
import { Client, Pool } from 'pg';

export const SCRATCH_DATABASE = 'backfill_e2e_source';
const WORKSPACE_ROOT = join(__dirname, '../../../..');

function poolFor(database: string): Pool {
  return new Pool({
    host: stackEnvironment.PG_HOST,
    port: Number(stackEnvironment.PG_PORT),
    database,
    user: stackEnvironment.PG_USER,
    password: stackEnvironment.PG_PASSWORD,
    max: 4,
  });
}

/**
 * A source database with the real schema (applied by `npm run db:migrate`) that no Debezium
 * connector reads: rows written here reach the sinks through a backfill or not at all. That
 * is how the tests insert history "without the sinks consuming it live", whatever enrichment
 * or sinks other people run on the shared stack at the same time.
 */
export class ScratchSource extends SourceDbFixture {
  override readonly pool: Pool;

  /** `database`: another scratch database, for tests that break theirs (grants, topics). */
  constructor(readonly database = SCRATCH_DATABASE) {
    super();
    this.pool = poolFor(database);
  }

  /** Creates the database if needed, migrates it, and moves its id sequence past every id in use. */
  async prepare(): Promise<void> {
    const admin = new Client({
      host: stackEnvironment.PG_HOST,
      port: Number(stackEnvironment.PG_PORT),
      database: 'postgres',
      user: stackEnvironment.PG_USER,
      password: stackEnvironment.PG_PASSWORD,
    });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        this.database,
      ]);
      if (exists.rowCount === 0) {
        await admin.query(`CREATE DATABASE ${this.database}`);
      }
    } finally {
      await admin.end();
    }
    execFileSync('npm', ['run', '--silent', 'db:migrate'], {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        PG_DATABASE: this.database,
        PG_PASSWORD: stackEnvironment.PG_PASSWORD,
      },
      stdio: 'pipe',
    });
    // Sinks deduplicate by event id, so these ids must never meet an id of the real source
    // database (or of an earlier run): they start far above it, at a per-run offset below 2^53.
    const base = 5_000_000_000_000 + (Date.now() % 1_000_000_000) * 1_000;
    await this.pool.query(
      `SELECT setval('engagement_events_id_seq', GREATEST($1::bigint, (SELECT COALESCE(max(id), 1) FROM engagement_events) + 1))`,
      [base],
    );
  }

  /** The backfill app reads this database (and keeps its jobs table there). */
  get environment(): Record<string, string> {
    return { PG_DATABASE: this.database };
  }
}
