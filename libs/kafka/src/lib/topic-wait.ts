import { setTimeout as sleep } from 'node:timers/promises';

import type { Logger } from '@nestjs/common';

import type { TopicAdmin } from './topic-admin';

/** How long a consumer waits for missing source topics unless told otherwise. */
export const DEFAULT_TOPIC_WAIT_MS = 300_000;
const TOPIC_CHECK_INTERVAL_MS = 1_000;

/** The source topics a consumer waits for at start, and since when. */
export interface TopicWait {
  topics: string[];
  since: Date;
}

export interface TopicWaitOptions {
  groupId: string;
  topics: readonly string[];
  waitMs?: number;
  check: Pick<TopicAdmin, 'unavailableTopics'>;
  logger: Logger;
  isStopping: () => boolean;
  /** Told what is waited for while the wait lasts, and null when it ends. */
  onWaiting: (wait: TopicWait | null) => void;
}

/**
 * On a fresh stack an app can start before its input topics exist (Debezium creates a CDC
 * topic at the table's first change, a writer creates its route topic): subscribing then fails
 * with UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this topic-partition"). So the
 * consumer waits, re-checking every second with readiness down naming the topics, until each
 * exists with a leader for every partition; past waitMs it fails with a message naming them.
 * Resolves false when the consumer is stopped meanwhile.
 */
export async function waitForTopics(options: TopicWaitOptions): Promise<boolean> {
  const { groupId, logger } = options;
  const waitMs = options.waitMs ?? DEFAULT_TOPIC_WAIT_MS;
  const since = new Date();
  let waitingFor: string[] = [];
  let unavailable = await unavailableOf(options, [...options.topics]);
  while (unavailable.length > 0) {
    if (options.isStopping()) {
      return false;
    }
    if (waitingFor.join() !== unavailable.join()) {
      logger.warn(
        `waiting for topic(s) ${unavailable.join(', ')} to exist before consuming (consumer group ${groupId}, since ${since.toISOString()}, at most ${waitMs} ms: CONSUMER_TOPIC_WAIT_MS)`,
      );
    }
    waitingFor = unavailable;
    options.onWaiting({ topics: unavailable, since });
    if (Date.now() - since.getTime() >= waitMs) {
      throw new Error(
        `consumer group ${groupId}: topic(s) ${unavailable.join(', ')} still do not exist (or have a partition without a leader) after ${waitMs} ms (CONSUMER_TOPIC_WAIT_MS). A topic is created by its writer: Debezium (CDC topics, at the first change of the table), enrichment or backfill (the enriched, backfill and route topics); check the names and that the writer runs`,
      );
    }
    await sleep(TOPIC_CHECK_INTERVAL_MS);
    unavailable = await unavailableOf(options, unavailable);
  }
  if (waitingFor.length > 0) {
    logger.log(`topic(s) ${waitingFor.join(', ')} exist now; consuming`);
    options.onWaiting(null);
  }
  return !options.isStopping();
}

/** The topics not consumable yet; when the broker cannot be asked, all of them. */
async function unavailableOf(options: TopicWaitOptions, topics: string[]): Promise<string[]> {
  try {
    return await options.check.unavailableTopics(topics);
  } catch (error) {
    options.logger.debug(`topic check failed, retried: ${String(error)}`);
    return topics;
  }
}
