import type { KafkaClient } from './kafka-client';
import type { PartitionOffset } from './topic-admin';

/**
 * The offsets a consumer group has committed on a topic, per partition ('-1' where it has
 * none). For operator commands and tests that compare what a group applied with what it read.
 */
export async function committedGroupOffsets(
  client: KafkaClient,
  groupId: string,
  topic: string,
): Promise<PartitionOffset[]> {
  const admin = client.kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (entry?.partitions ?? [])
      .map(({ partition, offset }) => ({ partition, offset }))
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}
