import { randomUUID } from 'node:crypto';

import { cdcTopic, SourceTables } from '@cdc/contracts';
import type { OutboundRecord } from '@cdc/kafka';
import type { ContentRow } from '@cdc/testing';

import { AppHarness, ENRICHMENT_E2E_PORTS, ScratchSource } from '../harness';

/** A scratch database of this spec's own: it breaks grants there, never on the real source. */
export const ENRICHMENT_SCRATCH_DATABASE = 'enrichment_e2e_source';
/** The role enrichment reads it as, so a test can revoke the role's SELECT on content. */
export const READER_ROLE = 'enrichment_e2e_reader';
const READER_PASSWORD = 'enrichment-e2e';

/** Creates (again) the reader role with the grants enrichment needs on the scratch database. */
export async function grantReader(db: ScratchSource): Promise<void> {
  await db.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${READER_ROLE}') THEN
      CREATE ROLE ${READER_ROLE} LOGIN PASSWORD '${READER_PASSWORD}';
    END IF;
  END $$`);
  await db.query(`GRANT CONNECT ON DATABASE ${db.database} TO ${READER_ROLE}`);
  await db.query(`GRANT USAGE ON SCHEMA public TO ${READER_ROLE}`);
  await db.query(`GRANT SELECT ON content TO ${READER_ROLE}`);
}

/**
 * Enrichment on a topic prefix of its own (`e2e-enrich-<unique>`), reading the scratch database
 * as the reader role, in a group of its own. No connector writes these topics: the test
 * produces the Debezium records by hand, in the order it wants (an event before the content
 * change committed before it), and deletes the content topic to crash the content consumer.
 */
export class ScratchEnrichmentHarness extends AppHarness {
  readonly cdcPrefix: string;

  constructor(
    readonly db: ScratchSource,
    env: Record<string, string> = {},
  ) {
    const cdcPrefix = `e2e-enrich-${randomUUID().slice(0, 8)}`;
    super('enrichment', [cdcTopic(cdcPrefix, SourceTables.engagementEvents)], {
      name: 'enrichment-hardening',
      port: ENRICHMENT_E2E_PORTS.hardening,
      env,
    });
    this.cdcPrefix = cdcPrefix;
  }

  get eventsTopic(): string {
    return cdcTopic(this.cdcPrefix, SourceTables.engagementEvents);
  }

  get contentTopic(): string {
    return cdcTopic(this.cdcPrefix, SourceTables.content);
  }

  protected appEnvironment(): Record<string, string> {
    return {
      CDC_TOPIC_PREFIX: this.cdcPrefix,
      PG_DATABASE: this.db.database,
      PG_USER: READER_ROLE,
      PG_PASSWORD: READER_PASSWORD,
      LATE_CONTENT_WAIT_MS: '1000',
      CONTENT_LOOKUP_ATTEMPTS: '3',
      RETRY_INITIAL_MS: '100',
      RETRY_MAX_MS: '400',
    };
  }

  /** Deletes one of the scratch topics (the test's way to crash the content consumer). */
  async deleteTopic(topic: string): Promise<void> {
    const admin = this.kafka.client.kafka.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }
  }

  /** The scratch topics are this harness's alone: they go with it. */
  protected override async cleanup(): Promise<void> {
    for (const topic of [this.eventsTopic, this.contentTopic]) {
      await this.deleteTopic(topic).catch(() => undefined);
    }
  }
}

/** A stream position as Debezium writes it in source.sequence: [last commit LSN, change LSN]. */
export interface Position {
  commit: number;
  lsn: number;
}

function source(table: string, position: Position) {
  return {
    version: '3.2.3.Final',
    connector: 'postgresql',
    name: 'e2e',
    ts_ms: Date.now(),
    snapshot: 'false',
    db: 'enrichment_e2e_source',
    sequence: JSON.stringify([String(position.commit), String(position.lsn)]),
    schema: 'public',
    table,
    txId: 1,
    lsn: position.lsn,
    xmin: null,
  };
}

/** A content change record as Debezium's JsonConverter (schemas off) writes it. */
export function contentChange(op: 'c' | 'u', row: ContentRow, position: Position): OutboundRecord {
  const after = {
    id: row.id,
    slug: row.slug,
    title: row.title,
    content_type: row.content_type,
    length_seconds: row.length_seconds,
    publish_ts: row.publish_ts,
  };
  return {
    key: JSON.stringify({ id: row.id }),
    value: JSON.stringify({
      before: null,
      after,
      source: source('content', position),
      op,
      ts_ms: Date.now(),
    }),
  };
}

/** An engagement_events insert record; `id` is the event id. */
export function eventInsert(
  id: string,
  contentId: string | null,
  durationMs: number,
  position: Position,
): OutboundRecord {
  const after = {
    id: Number(id),
    content_id: contentId,
    user_id: null,
    event_type: 'play',
    event_ts: '2026-11-22T10:15:30.123456Z',
    duration_ms: durationMs,
    device: 'web',
    raw_payload: null,
  };
  return {
    key: JSON.stringify({ id: Number(id) }),
    value: JSON.stringify({
      before: null,
      after,
      source: source('engagement_events', position),
      op: 'c',
      ts_ms: Date.now(),
    }),
  };
}
