import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { stackEnvironment, waitUntil } from '@cdc/testing';
import { Client, Pool } from 'pg';

const run = promisify(execFile);
const WORKSPACE_ROOT = join(__dirname, '../../../..');

export interface ConnectorStatus {
  connector: { state: string };
  tasks: { id: number; state: string; trace?: string }[];
}

export interface SlotPosition {
  active: boolean;
  restartLsn: string;
  confirmedFlushLsn: string;
}

function adminClient(database: string): Client {
  return new Client({
    host: stackEnvironment.PG_HOST,
    port: Number(stackEnvironment.PG_PORT),
    database,
    user: stackEnvironment.PG_USER,
    password: stackEnvironment.PG_PASSWORD,
  });
}

async function onDatabase<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = adminClient(database);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A Debezium connector of its own on a database of its own, on the shared cluster and Connect:
 * a fresh database migrated with `npm run db:migrate`, registered by the local stack's own
 * `stack.sh register-connector` (publication, grants, the repository's connector template) with
 * every name overridden, so a test can stop, break or drop its slot without touching the main
 * connector `engagement-postgres` or its slot `engagement_cdc`. close() removes all of it but
 * its topics (<topicPrefix>.*, a few records).
 */
export class ScratchConnector {
  readonly name: string;
  readonly database: string;
  readonly slot: string;
  readonly topicPrefix: string;
  readonly pool: Pool;

  constructor(
    label: string,
    private readonly heartbeatIntervalMs = 1_000,
  ) {
    const unique = randomUUID().replace(/-/g, '').slice(0, 8);
    this.name = `e2e-${label}-${unique}`;
    this.database = `e2e_${label}_${unique}`;
    this.slot = this.database;
    this.topicPrefix = `e2e-${label}-${unique}`;
    this.pool = new Pool({
      host: stackEnvironment.PG_HOST,
      port: Number(stackEnvironment.PG_PORT),
      database: this.database,
      user: stackEnvironment.PG_USER,
      password: stackEnvironment.PG_PASSWORD,
      max: 2,
    });
  }

  /** Environment of the apps that read this source database. */
  get environment(): Record<string, string> {
    return { PG_DATABASE: this.database, CDC_REPLICATION_SLOTS: this.slot };
  }

  topic(table: string): string {
    return `${this.topicPrefix}.public.${table}`;
  }

  /** Creates and migrates the database, then registers the connector; resolves once it runs. */
  async start(): Promise<void> {
    await onDatabase('postgres', (client) => client.query(`CREATE DATABASE ${this.database}`));
    await run('npm', ['run', '--silent', 'db:migrate'], {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        PG_DATABASE: this.database,
        PG_PASSWORD: stackEnvironment.PG_PASSWORD,
      },
    });
    await this.register();
  }

  /** `stack.sh register-connector` with this connector's names: what a user runs, idempotent. */
  async register(): Promise<string> {
    const { stdout, stderr } = await run(
      'bash',
      [join(WORKSPACE_ROOT, 'scripts/stack/stack.sh'), 'register-connector'],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          ...process.env,
          STACK_CONNECTOR_NAME: this.name,
          STACK_PG_DB: this.database,
          STACK_CDC_SLOT_NAME: this.slot,
          STACK_CDC_PUBLICATION: this.slot,
          CDC_TOPIC_PREFIX: this.topicPrefix,
          STACK_CDC_HEARTBEAT_INTERVAL_MS: String(this.heartbeatIntervalMs),
          STACK_CONNECTOR_TIMEOUT: '150',
        },
        timeout: 200_000,
      },
    );
    return stdout + stderr;
  }

  async connect(method: 'GET' | 'PUT' | 'DELETE', path = ''): Promise<Response> {
    return fetch(`${stackEnvironment.CONNECT_URL}/connectors/${this.name}${path}`, {
      method,
      signal: AbortSignal.timeout(30_000),
    });
  }

  async status(): Promise<ConnectorStatus> {
    return (await (await this.connect('GET', '/status')).json()) as ConnectorStatus;
  }

  /** The slot as pg_replication_slots has it, or undefined when it does not exist. */
  async slotPosition(): Promise<SlotPosition | undefined> {
    const { rows } = await this.pool.query<{
      active: boolean;
      restart_lsn: string;
      confirmed_flush_lsn: string;
    }>(
      `SELECT active, restart_lsn::text, confirmed_flush_lsn::text
         FROM pg_replication_slots WHERE slot_name = $1`,
      [this.slot],
    );
    const row = rows[0];
    return row
      ? {
          active: row.active,
          restartLsn: row.restart_lsn,
          confirmedFlushLsn: row.confirmed_flush_lsn,
        }
      : undefined;
  }

  /** Whether `lsn` lies at or after `than` (pg_lsn comparison). */
  async lsnAtLeast(lsn: string, than: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ ok: boolean }>(
      'SELECT $1::pg_lsn >= $2::pg_lsn AS ok',
      [lsn, than],
    );
    return rows[0]!.ok;
  }

  /** Terminates the walsender streaming from the slot and drops the slot, as an operator would. */
  async dropSlot(): Promise<void> {
    await waitUntil(
      async () => {
        await this.pool.query(
          `SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots
            WHERE slot_name = $1 AND active_pid IS NOT NULL`,
          [this.slot],
        );
        await this.pool.query('SELECT pg_drop_replication_slot($1)', [this.slot]);
        return true;
      },
      `slot ${this.slot} dropped`,
      30_000,
      200,
    );
  }

  async close(): Promise<void> {
    await this.connect('DELETE').catch(() => undefined);
    // The task's walsender ends with the connector; drop what is left of the slot, then the rest.
    await waitUntil(
      async () => {
        const { rows } = await this.pool.query<{ active: boolean }>(
          'SELECT active FROM pg_replication_slots WHERE slot_name = $1',
          [this.slot],
        );
        if (rows[0]?.active) {
          return undefined;
        }
        if (rows[0]) {
          await this.pool.query('SELECT pg_drop_replication_slot($1)', [this.slot]);
        }
        return true;
      },
      `slot ${this.slot} released`,
      60_000,
      500,
    ).catch((error: unknown) => console.warn(String(error)));
    await this.pool.end();
    await onDatabase('postgres', (client) =>
      client.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`),
    );
  }
}

/** A database of the same cluster that no connector captures: WAL written here is noise to the slot. */
export class NoiseDatabase {
  readonly database = `e2e_noise_${randomUUID().replace(/-/g, '').slice(0, 8)}`;

  async create(): Promise<void> {
    await onDatabase('postgres', (client) => client.query(`CREATE DATABASE ${this.database}`));
    await onDatabase(this.database, (client) =>
      client.query('CREATE TABLE noise (id bigserial PRIMARY KEY, filler text NOT NULL)'),
    );
  }

  /** Writes about `megabytes` MB of WAL in one committed transaction; returns the WAL position after it. */
  async write(megabytes: number): Promise<string> {
    return onDatabase(this.database, async (client) => {
      await client.query(
        `INSERT INTO noise (filler) SELECT repeat(md5(g::text), 16) FROM generate_series(1, $1) AS g`,
        [megabytes * 1_500],
      );
      const { rows } = await client.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      return rows[0]!.lsn;
    });
  }

  async drop(): Promise<void> {
    await onDatabase('postgres', (client) =>
      client.query(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`),
    );
  }
}
