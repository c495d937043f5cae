import type { KafkaConfig, TopicAdmin, TopicSpec } from '@cdc/kafka';

import { SinkSourceConfig } from './sink-source.config';
import { SinkTopics } from './sink-topics';

function harness(sources: string[]) {
  const created: TopicSpec[] = [];
  const admin = {
    ensureTopics: async (specs: readonly TopicSpec[]) => void created.push(...specs),
  } as unknown as TopicAdmin;
  const source = Object.assign(new SinkSourceConfig(), { SINK_SOURCE_TOPICS: sources });
  const topics = new SinkTopics(admin, { KAFKA_TOPIC_PARTITIONS: 16 } as KafkaConfig, source, {
    sink: 'webhook',
    deadLetterTopic: 'engagement.webhook-sink.dlq.v1',
  });
  return { topics, created };
}

describe('SinkTopics', () => {
  it('creates the live and backfill topics it consumes, and its dead-letter topic', async () => {
    const { topics, created } = harness(['engagement.enriched.v1', 'engagement.backfill.v1']);
    await topics.onApplicationBootstrap();
    expect(created).toEqual([
      { topic: 'engagement.enriched.v1', partitions: 16 },
      { topic: 'engagement.backfill.v1', partitions: 16 },
      { topic: 'engagement.webhook-sink.dlq.v1', partitions: 1 },
    ]);
  });

  it('leaves a route topic to its writer (the consumer waits for it after start-up)', async () => {
    const { topics, created } = harness(['engagement.route.video-finishes.v1']);
    await topics.onApplicationBootstrap();
    expect(created).toEqual([{ topic: 'engagement.webhook-sink.dlq.v1', partitions: 1 }]);
  });
});
