import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  cdcTopic,
  type EnrichedEngagementEventV1,
  RecordHeaders,
  SourceTables,
} from '@cdc/contracts';
import { type InboundRecord, type KafkaConfig, TopicAdmin, TopicTail } from '@cdc/kafka';
import { AppProcess, type KafkaFixture, stackEnvironment } from '@cdc/testing';

import { baseAppEnvironment } from '../harness/app-environment';
import { parseValue } from '../harness/enriched-records';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

/** Ports of their own, so that a routing run never collides with another e2e file's apps. */
export const ROUTING_PORTS = { enrichment: 4111, webhookSink: 4114, backfill: 4115 } as const;

/**
 * A suffix for this run's route names: route topics are new on every run, so their whole
 * content is this run's, and tests can assert it exactly.
 */
export function runSuffix(): string {
  return randomUUID().slice(0, 8);
}

/** Writes a routes file into a fresh temporary directory and returns its path. */
export function writeRoutesFile(text: string, name = 'routes.yaml'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cdc-routing-e2e-')), name);
  writeFileSync(path, text);
  return path;
}

export function admin(kafka: KafkaFixture): TopicAdmin {
  return new TopicAdmin(kafka.client, { KAFKA_TOPIC_REPLICATION_FACTOR: -1 } as KafkaConfig);
}

/**
 * Enrichment with ROUTES_FILE and a consumer group of its own, placed at the current end of
 * the CDC events topic so that it skips the history other tests left there.
 */
export async function startRoutingEnrichment(
  kafka: KafkaFixture,
  routesFile: string,
  suffix: string,
): Promise<AppProcess> {
  const groupId = `enrichment-routing-e2e-${suffix}`;
  const topics = admin(kafka);
  try {
    const events = cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.engagementEvents);
    await topics.setGroupOffsets(groupId, events, await topics.endOffsets(events));
  } finally {
    await topics.onApplicationShutdown();
  }
  return new AppProcess(
    'enrichment',
    {
      ...baseAppEnvironment,
      ROUTES_FILE: routesFile,
      CONSUMER_GROUP_ID: groupId,
      LATE_CONTENT_WAIT_MS: '10000',
      // Start-up steps are logged at info: a start that times out shows how far it got.
      LOG_LEVEL: 'info',
    },
    ROUTING_PORTS.enrichment,
  ).start();
}

/** Reads topics that exist already (the app created them) from their beginning. */
export function tailFromBeginning(
  kafka: KafkaFixture,
  topics: readonly string[],
): Promise<TopicTail> {
  return new TopicTail(kafka.client, topics, true).start();
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built app with arguments, e.g. `--check-routes FILE`, without any environment. */
export function runBuiltApp(app: string, args: readonly string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(WORKSPACE_ROOT, 'dist/apps', app, 'main.js'), ...args],
      { cwd: WORKSPACE_ROOT, env: { PATH: process.env['PATH'] ?? '' }, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

export function eventIdOf(record: InboundRecord): string {
  return record.headers[RecordHeaders.eventId] ?? '';
}

/** Event ids on a tail, in the order they were read. */
export function eventIds(tail: TopicTail): string[] {
  return tail.records.map(eventIdOf);
}

/**
 * Each content's events are on one partition, in ascending event id (the commit order of
 * rows inserted one statement after the other); returns the contents that break this.
 */
export function outOfOrderContents(records: readonly InboundRecord[]): string[] {
  const byContent = new Map<string, InboundRecord[]>();
  for (const record of records) {
    const key = record.key?.toString() ?? 'null';
    byContent.set(key, [...(byContent.get(key) ?? []), record]);
  }
  return [...byContent]
    .filter(([, list]) => {
      const partitions = new Set(list.map((record) => record.partition));
      const sorted = [...list].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
      const ids = sorted.map((record) => BigInt(eventIdOf(record)));
      return partitions.size !== 1 || ids.some((id, index) => index > 0 && id <= ids[index - 1]!);
    })
    .map(([key]) => key);
}

export function eventOf(record: InboundRecord): EnrichedEngagementEventV1 {
  return parseValue(record);
}
