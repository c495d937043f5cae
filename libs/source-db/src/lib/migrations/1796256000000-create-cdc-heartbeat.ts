import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The heartbeat table of Debezium's `heartbeat.action.query` (deploy/debezium/README.md). The
 * connector upserts its single row every `heartbeat.interval.ms`; the table is in the CDC
 * publication, so the change reaches Debezium, which then confirms a newer LSN and lets the
 * slot release WAL even while content and engagement_events are idle and other databases of
 * the cluster write. Nothing consumes its topic (<prefix>.public.cdc_heartbeat).
 */
export class CreateCdcHeartbeat1796256000000 implements MigrationInterface {
  name = 'CreateCdcHeartbeat1796256000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE cdc_heartbeat (
        id SMALLINT PRIMARY KEY CHECK (id = 1),
        beat_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    await runner.query(`INSERT INTO cdc_heartbeat (id) VALUES (1)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE cdc_heartbeat`);
  }
}
