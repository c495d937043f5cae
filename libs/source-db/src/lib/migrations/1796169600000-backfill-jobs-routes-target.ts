import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A backfill may target `routes` (the route topics of its ROUTES_FILE) besides the three
 * sinks. Only the CHECK on backfill_jobs.sinks changes; existing rows all satisfy the new one.
 */
export class BackfillJobsRoutesTarget1796169600000 implements MigrationInterface {
  name = 'BackfillJobsRoutesTarget1796169600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE backfill_jobs DROP CONSTRAINT backfill_jobs_sinks_check`);
    await runner.query(
      `ALTER TABLE backfill_jobs ADD CONSTRAINT backfill_jobs_sinks_check CHECK (cardinality(sinks) > 0 AND sinks <@ ARRAY['redis', 'bigquery', 'webhook', 'routes'])`,
    );
  }

  /** Fails while a job targets routes: delete or rewrite those jobs first. */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE backfill_jobs DROP CONSTRAINT backfill_jobs_sinks_check`);
    await runner.query(
      `ALTER TABLE backfill_jobs ADD CONSTRAINT backfill_jobs_sinks_check CHECK (cardinality(sinks) > 0 AND sinks <@ ARRAY['redis', 'bigquery', 'webhook'])`,
    );
  }
}
