import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import { type KafkaFixture, publishEnriched, waitUntil } from '@cdc/testing';

import type { ReceivedEvent, ReceiverProcess } from '../harness';

/** Waits until every event id has been recorded by the receiver; returns the recorded events. */
export async function allReceived(
  receiver: ReceiverProcess,
  events: readonly EnrichedEngagementEventV1[],
  timeoutMs: number,
): Promise<ReceivedEvent[]> {
  const ids = new Set(events.map((event) => event.event_id));
  return waitUntil(
    async () => {
      const received = await receiver.eventsAmong(ids);
      return new Set(received.map((event) => event.event_id)).size === ids.size
        ? received
        : undefined;
    },
    `${ids.size} events at the receiver`,
    timeoutMs,
    250,
  );
}

export function idsByContent(
  events: readonly { event_id: string; content_id: string | null }[],
  contentId: string,
): string[] {
  return events.filter((event) => event.content_id === contentId).map((event) => event.event_id);
}

/**
 * Publishes in chunks, one every `everyMs`, as a live stream arrives: with batching, a stream
 * published at once would go out in a handful of requests.
 */
export async function publishPaced(
  kafka: KafkaFixture,
  events: readonly EnrichedEngagementEventV1[],
  chunk: number,
  everyMs: number,
): Promise<void> {
  for (let start = 0; start < events.length; start += chunk) {
    await publishEnriched(kafka, events.slice(start, start + chunk));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
