import { cdcTopic, SourceTables } from '@cdc/contracts';
import { stackEnvironment, waitUntil } from '@cdc/testing';

import { AppHarness, type HarnessOptions } from './app-harness';
import { E2E_PORTS } from './ports';
import { ScratchSource } from './scratch-source';

/**
 * A Debezium connector of its own on a scratch database of its own, with snapshot.mode=initial:
 * the rows the test inserts before start() reach its topics as snapshot reads (op "r"), the
 * rows inserted after as live changes. Never the main connector `engagement-postgres` or its
 * slot. Names are fixed so a run cleans up after an interrupted one: start() truncates the
 * tables, close() deletes the connector and drops its slot (the topics stay, and each run reads
 * them from their end).
 */
export const SNAPSHOT_SOURCE = {
  database: 'snapshot_e2e_source',
  connector: 'snapshot-e2e',
  slot: 'snapshot_e2e',
  publication: 'snapshot_e2e',
  topicPrefix: 'snapshot_e2e',
} as const;

const TABLES = 'public.content,public.engagement_events';
const DEBEZIUM_USER = process.env['STACK_DEBEZIUM_USER'] ?? 'debezium';
const DEBEZIUM_PASSWORD = process.env['STACK_DEBEZIUM_PASSWORD'] ?? 'debezium';

export class SnapshotSource extends ScratchSource {
  readonly eventsTopic = cdcTopic(SNAPSHOT_SOURCE.topicPrefix, SourceTables.engagementEvents);
  readonly contentTopic = cdcTopic(SNAPSHOT_SOURCE.topicPrefix, SourceTables.content);

  constructor() {
    super(SNAPSHOT_SOURCE.database);
  }

  /** Migrates the database, removes an earlier run's connector, slot and rows, and publishes the tables. */
  async reset(): Promise<void> {
    await this.prepare();
    await this.deleteConnector();
    await this.query('TRUNCATE engagement_events, content');
    await this.query(`ALTER TABLE content REPLICA IDENTITY FULL`);
    await this.query(`ALTER TABLE engagement_events REPLICA IDENTITY FULL`);
    await this.query(`GRANT SELECT ON content, engagement_events TO ${DEBEZIUM_USER}`);
    const [existing] = await this.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [
      SNAPSHOT_SOURCE.publication,
    ]);
    if (!existing) {
      await this.query(
        `CREATE PUBLICATION ${SNAPSHOT_SOURCE.publication} FOR TABLE content, engagement_events`,
      );
    }
  }

  /** Registers the connector and waits until its task runs (its snapshot may still be going on). */
  async startConnector(): Promise<void> {
    const config = {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'tasks.max': '1',
      'plugin.name': 'pgoutput',
      'database.hostname': stackEnvironment.PG_HOST,
      'database.port': stackEnvironment.PG_PORT,
      'database.user': DEBEZIUM_USER,
      'database.password': DEBEZIUM_PASSWORD,
      'database.dbname': SNAPSHOT_SOURCE.database,
      'topic.prefix': SNAPSHOT_SOURCE.topicPrefix,
      'schema.include.list': 'public',
      'table.include.list': TABLES,
      'slot.name': SNAPSHOT_SOURCE.slot,
      'publication.name': SNAPSHOT_SOURCE.publication,
      'publication.autocreate.mode': 'disabled',
      'snapshot.mode': 'initial',
      'poll.interval.ms': '50',
      'decimal.handling.mode': 'string',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable': 'false',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'topic.creation.default.replication.factor': '1',
      'topic.creation.default.partitions': '1',
    };
    const response = await fetch(connectorUrl('/config'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) {
      throw new Error(`PUT connector config: HTTP ${response.status}: ${await response.text()}`);
    }
    await waitUntil(
      async () => {
        const status = await fetch(connectorUrl('/status'), { signal: AbortSignal.timeout(5_000) });
        if (!status.ok) {
          return undefined;
        }
        const body = (await status.json()) as {
          connector: { state: string };
          tasks: { state: string; trace?: string }[];
        };
        const failed = body.tasks.find((task) => task.state === 'FAILED');
        if (failed) {
          throw new Error(`connector ${SNAPSHOT_SOURCE.connector} failed: ${failed.trace ?? ''}`);
        }
        return body.connector.state === 'RUNNING' &&
          body.tasks.length > 0 &&
          body.tasks.every((task) => task.state === 'RUNNING')
          ? true
          : undefined;
      },
      `connector ${SNAPSHOT_SOURCE.connector} RUNNING`,
      90_000,
      250,
    );
  }

  /** Deletes the connector (if any) and drops its slot once nothing holds it. */
  async deleteConnector(): Promise<void> {
    const response = await fetch(connectorUrl(''), {
      method: 'DELETE',
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`DELETE connector: HTTP ${response.status}: ${await response.text()}`);
    }
    await waitUntil(
      async () => {
        const [slot] = await this.query<{ active: boolean }>(
          'SELECT active FROM pg_replication_slots WHERE slot_name = $1',
          [SNAPSHOT_SOURCE.slot],
        );
        if (!slot) {
          return true;
        }
        if (slot.active) {
          return undefined;
        }
        await this.query('SELECT pg_drop_replication_slot($1)', [SNAPSHOT_SOURCE.slot]);
        return true;
      },
      `slot ${SNAPSHOT_SOURCE.slot} released and dropped`,
      60_000,
      250,
    );
  }
}

function connectorUrl(path: string): string {
  return `${stackEnvironment.CONNECT_URL}/connectors/${SNAPSHOT_SOURCE.connector}${path}`;
}

/**
 * An enrichment of the snapshot source's topics, in a group of its own (it is the only one
 * that reads them), publishing to the shared enriched topic like the real one.
 */
export class SnapshotEnrichmentHarness extends AppHarness {
  constructor(
    private readonly source: SnapshotSource,
    options: HarnessOptions,
  ) {
    super('enrichment', [source.eventsTopic, source.contentTopic], {
      port: E2E_PORTS.enrichment,
      ...options,
    });
  }

  protected appEnvironment(): Record<string, string> {
    return {
      ...this.source.environment,
      CDC_TOPIC_PREFIX: SNAPSHOT_SOURCE.topicPrefix,
      LATE_CONTENT_WAIT_MS: '10000',
    };
  }
}
