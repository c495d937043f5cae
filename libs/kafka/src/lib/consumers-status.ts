import type { BatchConsumer } from './batch-consumer';
import { describeFailure } from './partition-failures';

/** A stuck partition as readiness shows it (JSON: the time as ISO text). */
export interface StuckPartitionView {
  group: string;
  topic: string;
  partition: number;
  since: string;
  attempts: number;
  lastError: string;
}

export interface ConsumersStatus {
  /** One sentence per problem; none when every consumer consumes. */
  problems: string[];
  details: {
    groups: string[];
    waitingForTopics: { group: string; topics: string[]; since: string }[];
    stuckPartitions: StuckPartitionView[];
  };
}

/** What the "consumers" readiness check reports about the app's batch consumers. */
export function consumersStatus(
  consumers: readonly BatchConsumer[],
  now = new Date(),
): ConsumersStatus {
  const problems: string[] = [];
  const waitingForTopics: ConsumersStatus['details']['waitingForTopics'] = [];
  const stuckPartitions: StuckPartitionView[] = [];
  for (const consumer of consumers) {
    if (consumer.state === 'idle') {
      problems.push(`consumer group ${consumer.groupId} is starting`);
    }
    const wait = consumer.waitingFor;
    if (consumer.state === 'waiting-for-topics' && wait) {
      const since = wait.since.toISOString();
      problems.push(
        `consumer group ${consumer.groupId} waits for topic(s) ${wait.topics.join(', ')} to exist (since ${since})`,
      );
      waitingForTopics.push({ group: consumer.groupId, topics: wait.topics, since });
    }
    for (const entry of consumer.stuckPartitions()) {
      problems.push(describeFailure(entry, now));
      stuckPartitions.push({
        group: entry.group,
        topic: entry.topic,
        partition: entry.partition,
        since: entry.since.toISOString(),
        attempts: entry.attempts,
        lastError: entry.lastError,
      });
    }
  }
  return {
    problems,
    details: {
      groups: consumers.map((consumer) => consumer.groupId),
      waitingForTopics,
      stuckPartitions,
    },
  };
}
