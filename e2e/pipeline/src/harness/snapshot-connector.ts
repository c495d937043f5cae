import { randomUUID } from 'node:crypto';

import { cdcTopic, SourceTables } from '@cdc/contracts';
import { stackEnvironment, waitUntil } from '@cdc/testing';

import { AppHarness, type HarnessOptions } from './app-harness';
import { E2E_PORTS } from './ports';
import { ScratchSource } from './scratch-source';

/**
 * A Debezium connector of its own on a scratch database of its own, with snapshot.mode=initial:
 * the rows the test inserts before start() reach its topics as snapshot reads (op "r"), the
 * rows inserted after as live changes. Never the main connector `engagement-postgres` or its
 * slot. The connector and slot names are unique per run (Connect keeps a deleted connector's
 * offsets under its name, and a new connector under an old name would resume from them instead
 * of snapshotting); reset() removes what an interrupted run left (connectors and slots under
 * these prefixes) and truncates the tables, deleteConnector() removes this run's. The topics
 * stay, and each run reads them from their end.
 */
export const SNAPSHOT_SOURCE = {
  database: 'snapshot_e2e_source',
  connectorPrefix: 'snapshot-e2e-',
  slotPrefix: 'snapshot_e2e_',
  publication: 'snapshot_e2e',
  topicPrefix: 'snapshot_e2e',
} as const;

const TABLES = 'public.content,public.engagement_events';
const DEBEZIUM_USER = process.env['STACK_DEBEZIUM_USER'] ?? 'debezium';
const DEBEZIUM_PASSWORD = process.env['STACK_DEBEZIUM_PASSWORD'] ?? 'debezium';

export class SnapshotSource extends ScratchSource {
  readonly eventsTopic = cdcTopic(SNAPSHOT_SOURCE.topicPrefix, SourceTables.engagementEvents);
  readonly contentTopic = cdcTopic(SNAPSHOT_SOURCE.topicPrefix, SourceTables.content);
  private readonly suffix = randomUUID().slice(0, 8);
  readonly connector = `${SNAPSHOT_SOURCE.connectorPrefix}${this.suffix}`;
  readonly slot = `${SNAPSHOT_SOURCE.slotPrefix}${this.suffix}`;

  constructor() {
    super(SNAPSHOT_SOURCE.database);
  }

  /** Migrates the database, removes an earlier run's connector, slot and rows, and publishes the tables. */
  async reset(): Promise<void> {
    await this.prepare();
    const connectors = (await (
      await fetch(`${stackEnvironment.CONNECT_URL}/connectors`, {
        signal: AbortSignal.timeout(10_000),
      })
    ).json()) as string[];
    for (const name of connectors.filter((n) => n.startsWith(SNAPSHOT_SOURCE.connectorPrefix))) {
      await fetch(`${stackEnvironment.CONNECT_URL}/connectors/${name}`, { method: 'DELETE' });
    }
    const slots = await this.query<{ slot_name: string }>(
      `SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE $1 || '%'`,
      [SNAPSHOT_SOURCE.slotPrefix],
    );
    for (const { slot_name: slot } of slots) {
      await this.dropSlot(slot);
    }
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
      'slot.name': this.slot,
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
    const response = await fetch(this.url('/config'), {
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
        const status = await fetch(this.url('/status'), { signal: AbortSignal.timeout(5_000) });
        if (!status.ok) {
          return undefined;
        }
        const body = (await status.json()) as {
          connector: { state: string };
          tasks: { state: string; trace?: string }[];
        };
        const failed = body.tasks.find((task) => task.state === 'FAILED');
        if (failed) {
          throw new Error(`connector ${this.connector} failed: ${failed.trace ?? ''}`);
        }
        return body.connector.state === 'RUNNING' &&
          body.tasks.length > 0 &&
          body.tasks.every((task) => task.state === 'RUNNING')
          ? true
          : undefined;
      },
      `connector ${this.connector} RUNNING`,
      90_000,
      250,
    );
  }

  /** Deletes this run's connector (if any) and drops its slot once nothing holds it. */
  async deleteConnector(): Promise<void> {
    const response = await fetch(this.url(''), {
      method: 'DELETE',
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`DELETE connector: HTTP ${response.status}: ${await response.text()}`);
    }
    await this.dropSlot(this.slot);
  }

  private async dropSlot(slot: string): Promise<void> {
    await waitUntil(
      async () => {
        const [held] = await this.query<{ active: boolean }>(
          'SELECT active FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        );
        if (!held) {
          return true;
        }
        if (held.active) {
          return undefined;
        }
        await this.query('SELECT pg_drop_replication_slot($1)', [slot]);
        return true;
      },
      `slot ${slot} released and dropped`,
      60_000,
      250,
    );
  }

  private url(path: string): string {
    return `${stackEnvironment.CONNECT_URL}/connectors/${this.connector}${path}`;
  }
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
