import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The source schema exactly as specified, plus what CDC and keyset backfills need. */
export class CreateSourceSchema1763769600000 implements MigrationInterface {
  name = 'CreateSourceSchema1763769600000';

  // IF NOT EXISTS: databases created by hand from the same DDL adopt the migration history.
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS content (
        id UUID PRIMARY KEY,
        slug TEXT UNIQUE NOT NULL,
        title TEXT NOT NULL,
        content_type TEXT CHECK (content_type IN ('podcast', 'newsletter', 'video')),
        length_seconds INTEGER NULL,
        publish_ts TIMESTAMPTZ NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE IF NOT EXISTS engagement_events (
        id BIGSERIAL PRIMARY KEY,
        content_id UUID NULL REFERENCES content(id),
        user_id UUID,
        event_type TEXT CHECK (event_type IN ('play', 'pause', 'finish', 'click')),
        event_ts TIMESTAMPTZ NOT NULL,
        duration_ms INTEGER NULL,
        device TEXT,
        raw_payload JSONB
      )`);
    // Backfills page through history by (event_ts, id).
    await runner.query(
      `CREATE INDEX IF NOT EXISTS engagement_events_event_ts_id_idx ON engagement_events (event_ts, id)`,
    );
    await runner.query(
      `CREATE INDEX IF NOT EXISTS engagement_events_content_id_idx ON engagement_events (content_id)`,
    );
    // Full before-images, so Debezium updates and deletes carry every column.
    await runner.query(`ALTER TABLE content REPLICA IDENTITY FULL`);
    await runner.query(`ALTER TABLE engagement_events REPLICA IDENTITY FULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE engagement_events`);
    await runner.query(`DROP TABLE content`);
  }
}
