import { randomUUID } from 'node:crypto';

import { Topics } from '@cdc/contracts';
import { type KafkaConfig, TopicAdmin } from '@cdc/kafka';
import { AppProcess, type KafkaFixture } from '@cdc/testing';

import { baseAppEnvironment } from './app-environment';
import { E2E_PORTS } from './ports';
import { E2E_WEBHOOK_SECRET, type ReceiverProcess } from './receiver-process';

/**
 * Starts a fresh consumer group at the current end of the input topics, so the test sees its
 * own events only (the shared topics hold other tests' history).
 */
export async function positionGroupAtEnd(kafka: KafkaFixture, groupId: string): Promise<void> {
  const admin = new TopicAdmin(kafka.client, { KAFKA_TOPIC_REPLICATION_FACTOR: -1 } as KafkaConfig);
  try {
    await admin.ensureTopics([
      { topic: Topics.enriched, partitions: 16 },
      { topic: Topics.backfill, partitions: 16 },
      { topic: Topics.webhookSinkDeadLetter, partitions: 1 },
    ]);
    for (const topic of [Topics.enriched, Topics.backfill]) {
      await admin.setGroupOffsets(groupId, topic, await admin.endOffsets(topic));
    }
  } finally {
    await admin.onApplicationShutdown();
  }
}

/** Fast breaker and retry timings so the resilience tests run in seconds, not minutes. */
export function webhookSinkEnvironment(
  receiver: ReceiverProcess,
  groupId: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...baseAppEnvironment,
    WEBHOOK_URL: receiver.webhookUrl,
    WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
    CONSUMER_GROUP_ID: groupId,
    WEBHOOK_CONTENT_TYPES: 'video',
    WEBHOOK_MAX_IN_FLIGHT: '16',
    WEBHOOK_REQUEST_TIMEOUT_MS: '5000',
    WEBHOOK_RETRY_INITIAL_MS: '50',
    WEBHOOK_RETRY_MAX_DELAY_MS: '500',
    WEBHOOK_RETRY_MAX_ATTEMPTS: '20',
    WEBHOOK_RETRY_MAX_ELAPSED_MS: '60000',
    WEBHOOK_BREAKER_THRESHOLD: '10',
    WEBHOOK_BREAKER_HALF_OPEN_MS: '1000',
    WEBHOOK_BREAKER_HALF_OPEN_MAX_MS: '4000',
    CONSUMER_MAX_WAIT_MS: '50',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...extra,
  };
}

export async function startWebhookSink(
  kafka: KafkaFixture,
  receiver: ReceiverProcess,
  groupId: string,
  extra: Record<string, string> = {},
): Promise<AppProcess> {
  await positionGroupAtEnd(kafka, groupId);
  return new AppProcess(
    'webhook-sink',
    webhookSinkEnvironment(receiver, groupId, extra),
    E2E_PORTS.webhookSink,
  ).start();
}

export function uniqueGroupId(test: string): string {
  return `webhook-sink-e2e-${test}-${randomUUID().slice(0, 8)}`;
}
