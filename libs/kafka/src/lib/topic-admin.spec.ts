import type { KafkaConfig } from './kafka.config';
import type { KafkaClient } from './kafka-client';
import { TopicAdmin } from './topic-admin';

/** A kafkajs admin whose topics get a leader only after a few metadata requests. */
function fakeAdmin(existing: string[], leaderAfter: number) {
  let metadataCalls = 0;
  const created: string[] = [];
  const admin = {
    connect: async () => undefined,
    listTopics: async () => [...existing, ...created],
    createTopics: async ({ topics }: { topics: { topic: string }[] }) => {
      created.push(...topics.map((entry) => entry.topic));
      // kafkajs answers false, skipping its wait for leaders, when one topic already existed.
      return false;
    },
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      metadataCalls += 1;
      const leader = metadataCalls > leaderAfter ? 1 : -1;
      return {
        topics: topics.map((name) => ({
          name,
          partitions: [{ partitionId: 0, leader, partitionErrorCode: leader < 0 ? 5 : 0 }],
        })),
      };
    },
  };
  const client = { kafka: { admin: () => admin } } as unknown as KafkaClient;
  const topicAdmin = new TopicAdmin(client, { KAFKA_TOPIC_REPLICATION_FACTOR: -1 } as KafkaConfig);
  return { topicAdmin, created, metadataCalls: () => metadataCalls };
}

describe('TopicAdmin', () => {
  it('counts missing topics and topics with a partition without a leader as unavailable', async () => {
    const { topicAdmin } = fakeAdmin(['a'], 1);
    expect(await topicAdmin.unavailableTopics(['a', 'b'])).toEqual(['a', 'b']);
    expect(await topicAdmin.unavailableTopics(['a', 'b'])).toEqual(['b']);
  });

  it('returns from ensureTopics only once every topic has its leaders, whoever created it', async () => {
    const { topicAdmin, created, metadataCalls } = fakeAdmin(['cdc.public.content'], 2);
    await topicAdmin.ensureTopics([
      { topic: 'cdc.public.content', partitions: 1 },
      { topic: 'cdc.public.engagement_events', partitions: 1 },
    ]);
    expect(created).toEqual(['cdc.public.engagement_events']);
    expect(metadataCalls()).toBe(3);
    expect(await topicAdmin.unavailableTopics(['cdc.public.engagement_events'])).toEqual([]);
  });
});
