import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backfill jobs (entity: BackfillJobEntity in @cdc/backfill-jobs). It lives in this
 * database's single migration history; the table is not in the CDC publication.
 */
export class CreateBackfillJobs1763856000000 implements MigrationInterface {
  name = 'CreateBackfillJobs1763856000000';

  async up(runner: QueryRunner): Promise<void> {
    const isoMicros = `'^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z$'`;
    await runner.query(`
      CREATE TABLE backfill_jobs (
        id UUID PRIMARY KEY,
        queue TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        range_from TEXT NOT NULL CHECK (range_from ~ ${isoMicros}),
        range_to TEXT NOT NULL CHECK (range_to ~ ${isoMicros}),
        content_ids UUID[] NULL,
        event_types TEXT[] NULL,
        sinks TEXT[] NOT NULL CHECK (cardinality(sinks) > 0 AND sinks <@ ARRAY['redis', 'bigquery', 'webhook']),
        rate_limit INTEGER NOT NULL CHECK (rate_limit > 0),
        cursor_event_ts TEXT NULL CHECK (cursor_event_ts ~ ${isoMicros}),
        cursor_id BIGINT NULL,
        rows_total BIGINT NULL,
        rows_done BIGINT NOT NULL DEFAULT 0,
        pages_done INTEGER NOT NULL DEFAULT 0,
        records_published BIGINT NOT NULL DEFAULT 0,
        rows_per_second DOUBLE PRECISION NULL,
        claims INTEGER NOT NULL DEFAULT 0,
        error_count INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NULL,
        owner TEXT NULL,
        lease_token UUID NULL,
        lease_expires_at TIMESTAMPTZ NULL,
        heartbeat_at TIMESTAMPTZ NULL,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        started_at TIMESTAMPTZ NULL,
        finished_at TIMESTAMPTZ NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        CHECK ((cursor_event_ts IS NULL) = (cursor_id IS NULL))
      )`);
    // Workers look for queued or abandoned jobs of their queue, oldest first.
    await runner.query(
      `CREATE INDEX backfill_jobs_claimable_idx ON backfill_jobs (queue, created_at) WHERE status IN ('queued', 'running')`,
    );
    await runner.query(`CREATE INDEX backfill_jobs_created_at_idx ON backfill_jobs (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE backfill_jobs`);
  }
}
