import { Pool, type PoolClient } from 'pg';

import type { ContentRow, EventRow } from './row-builders';
import { stackEnvironment } from './stack-environment';

const EVENT_COLUMNS = [
  'content_id',
  'user_id',
  'event_type',
  'event_ts',
  'duration_ms',
  'device',
  'raw_payload',
] as const;

/** Writes source rows with plain SQL, exactly as a producer application would. */
export class SourceDbFixture {
  readonly pool = new Pool({
    host: stackEnvironment.PG_HOST,
    port: Number(stackEnvironment.PG_PORT),
    database: stackEnvironment.PG_DATABASE,
    user: stackEnvironment.PG_USER,
    password: stackEnvironment.PG_PASSWORD,
    max: 4,
  });

  async insertContent(row: ContentRow): Promise<ContentRow> {
    await this.pool.query(
      `INSERT INTO content (id, slug, title, content_type, length_seconds, publish_ts) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.id, row.slug, row.title, row.content_type, row.length_seconds, row.publish_ts],
    );
    return row;
  }

  /** Inserts events in one multi-row INSERT; returns their ids in order. */
  async insertEvents(rows: readonly EventRow[], client?: PoolClient): Promise<string[]> {
    if (rows.length === 0) {
      return [];
    }
    const values: unknown[] = [];
    const tuples = rows.map((row, index) => {
      values.push(
        row.content_id,
        row.user_id,
        row.event_type,
        row.event_ts,
        row.duration_ms,
        row.device,
        row.raw_payload === null ? null : JSON.stringify(row.raw_payload),
      );
      const base = index * EVENT_COLUMNS.length;
      return `(${EVENT_COLUMNS.map((_, column) => `$${base + column + 1}`).join(', ')})`;
    });
    const result = await (client ?? this.pool).query<{ id: string }>(
      `INSERT INTO engagement_events (${EVENT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} RETURNING id`,
      values,
    );
    return result.rows.map((row) => String(row.id));
  }

  async insertEvent(row: EventRow): Promise<string> {
    const [id] = await this.insertEvents([row]);
    return id as string;
  }

  async query<T extends object = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  /** Runs `work` in one transaction, e.g. to commit content and events together. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
