import type { KafkaConfig, TopicAdmin, TopicSpec } from '@cdc/kafka';
import { Logger } from '@nestjs/common';

import { SinkSourceConfig } from './sink-source.config';
import { SinkTopics } from './sink-topics';

function harness(sources: string[], existing: string[], appearLater: string[] = []) {
  const created: TopicSpec[] = [];
  let listings = 0;
  const admin = {
    ensureTopics: async (specs: readonly TopicSpec[]) => void created.push(...specs),
    listTopics: async () => {
      listings += 1;
      return listings > 1 ? [...existing, ...appearLater] : existing;
    },
  } as unknown as TopicAdmin;
  const source = Object.assign(new SinkSourceConfig(), { SINK_SOURCE_TOPICS: sources });
  const topics = new SinkTopics(admin, { KAFKA_TOPIC_PARTITIONS: 16 } as KafkaConfig, source, {
    sink: 'webhook',
    deadLetterTopic: 'engagement.webhook-sink.dlq.v1',
  });
  topics.waitMs = 700;
  return { topics, created };
}

describe('SinkTopics', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('creates the live and backfill topics it consumes, and its dead-letter topic', async () => {
    const { topics, created } = harness(['engagement.enriched.v1', 'engagement.backfill.v1'], []);
    await topics.onApplicationBootstrap();
    expect(created).toEqual([
      { topic: 'engagement.enriched.v1', partitions: 16 },
      { topic: 'engagement.backfill.v1', partitions: 16 },
      { topic: 'engagement.webhook-sink.dlq.v1', partitions: 1 },
    ]);
  });

  it('leaves a route topic to its writer, waiting until it exists', async () => {
    const route = 'engagement.route.video-finishes.v1';
    const { topics, created } = harness([route], [], [route]);
    await topics.onApplicationBootstrap();
    expect(created).toEqual([{ topic: 'engagement.webhook-sink.dlq.v1', partitions: 1 }]);
  });

  it('stops the sink, naming the variable and the topic, when the route topic never appears', async () => {
    const { topics } = harness(['engagement.route.nobody.v1'], []);
    await expect(topics.onApplicationBootstrap()).rejects.toThrow(
      'Invalid configuration:\n  - SINK_SOURCE_TOPICS is invalid: topic engagement.route.nobody.v1 does not exist after 700 ms; a route topic is created by the service that writes it (enrichment or backfill with its ROUTES_FILE)',
    );
  });
});
