import { aContent, SourceDbFixture } from '@cdc/testing';

/**
 * Rows are generated inside Postgres (generate_series), so the driver costs almost nothing
 * and a burst is one statement, one transaction, as a data migration would write it.
 */
const GENERATED_INSERT = `
  INSERT INTO engagement_events (content_id, user_id, event_type, event_ts, duration_ms, device, raw_payload)
  SELECT ids[1 + floor(random() * cardinality(ids))::int],
         gen_random_uuid(),
         (ARRAY['play', 'pause', 'finish', 'click'])[1 + floor(random() * 4)::int],
         clock_timestamp(),
         floor(random() * 600000)::int,
         (ARRAY['ios', 'android', 'web'])[1 + floor(random() * 3)::int],
         jsonb_build_object('bench', true, 'n', n)
  FROM generate_series(1, $2::int) AS n, (SELECT $1::uuid[] AS ids) AS contents`;

const TICK_MS = 50;

export interface SteadyResult {
  inserted: number;
  seconds: number;
  /** Inserted rows per second, as achieved. */
  rate: number;
  startedAtMs: number;
  endedAtMs: number;
}

export class BenchLoad {
  private readonly db = new SourceDbFixture();
  private contentIds: string[] = [];

  async createContents(count: number): Promise<void> {
    const rows = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        this.db.insertContent(
          aContent({
            content_type: (['podcast', 'newsletter', 'video'] as const)[index % 3],
            length_seconds: 1200,
          }),
        ),
      ),
    );
    this.contentIds = rows.map((row) => row.id);
  }

  /** Inserts `count` events in one statement; resolves with the time its commit returned. */
  async insert(count: number): Promise<number> {
    await this.db.pool.query(GENERATED_INSERT, [this.contentIds, count]);
    return Date.now();
  }

  /**
   * `rate` events/s for `seconds`, one small transaction every 50 ms (a busy OLTP writer). A
   * tick that runs late is caught up by the next one, so the achieved rate is what Postgres
   * took, and is reported as such.
   */
  async steady(rate: number, seconds: number, onSecond: () => void): Promise<SteadyResult> {
    const startedAtMs = Date.now();
    let inserted = 0;
    let nextSecond = startedAtMs + 1000;
    for (let tick = 1; Date.now() - startedAtMs < seconds * 1000; tick += 1) {
      const due = Math.round((rate * tick * TICK_MS) / 1000) - inserted;
      if (due > 0) {
        await this.insert(due);
        inserted += due;
      }
      if (Date.now() >= nextSecond) {
        onSecond();
        nextSecond += 1000;
      }
      const wait = startedAtMs + tick * TICK_MS - Date.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    const endedAtMs = Date.now();
    const elapsed = (endedAtMs - startedAtMs) / 1000;
    return { inserted, seconds: elapsed, rate: inserted / elapsed, startedAtMs, endedAtMs };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
