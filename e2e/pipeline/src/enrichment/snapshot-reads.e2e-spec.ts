import { Topics } from '@cdc/contracts';
import type { InboundRecord, TopicTail } from '@cdc/kafka';
import { aContent, anEvent, KafkaFixture, waitUntil } from '@cdc/testing';

import { SnapshotEnrichmentHarness, SnapshotSource, WebhookSinkHarness } from '../harness';

const valueOf = (record: InboundRecord) =>
  JSON.parse(record.value!.toString()) as Record<string, unknown>;

/**
 * With snapshot.mode=initial the rows that exist when a connector starts arrive as snapshot
 * reads (op "r"). They must be marked in the enriched record (snapshot: true, x-snapshot: true)
 * so that sinks can tell history from live traffic, and the webhook sink can leave them out.
 */
describe('snapshot reads are marked, and the webhook can exclude them', () => {
  const kafka = new KafkaFixture();
  const source = new SnapshotSource();
  const enrichment = new SnapshotEnrichmentHarness(source, { name: 'snapshot' });
  const webhook = new WebhookSinkHarness({
    name: 'snapshot',
    env: { WEBHOOK_EXCLUDE_SNAPSHOT_READS: 'true' },
  });
  const receiver = webhook.receiver;
  let enriched: TopicTail;

  beforeAll(async () => {
    await source.reset();
    await receiver.start();
  }, 180_000);

  afterAll(async () => {
    await webhook.close();
    await enrichment.close();
    await source.deleteConnector().catch(() => undefined);
    await source.close();
    await kafka.close();
  }, 120_000);

  it('marks the two rows of the initial snapshot, not the live insert after it; the webhook gets only the live one', async () => {
    const content = await source.insertContent(aContent({ content_type: 'video' }));
    const history = [
      await source.insertEvent(anEvent({ content_id: content.id, event_type: 'play' })),
      await source.insertEvent(anEvent({ content_id: content.id, event_type: 'finish' })),
    ];
    enriched = await kafka.tail([Topics.enriched]);
    await enrichment.placeAtEnd();
    await enrichment.start();
    await webhook.placeAtEnd();
    await webhook.start();
    await source.startConnector();

    const ofId = (ids: readonly string[]) => (record: InboundRecord) =>
      ids.includes(String(valueOf(record)['event_id']));
    const snapshotRecords = await enriched.waitFor(ofId(history), 2, 90_000);
    const live = await source.insertEvent(anEvent({ content_id: content.id, event_type: 'pause' }));
    const [liveRecord] = await enriched.waitFor(ofId([live]), 1, 60_000);

    for (const record of snapshotRecords) {
      expect(valueOf(record)).toMatchObject({ origin: 'cdc', snapshot: true });
      expect(record.headers).toEqual({
        'x-event-id': String(valueOf(record)['event_id']),
        'x-origin': 'cdc',
        'x-schema': 'engagement.enriched/v1',
        'x-snapshot': 'true',
      });
    }
    const liveValue = valueOf(liveRecord!);
    expect(liveValue).toMatchObject({ event_id: live, origin: 'cdc' });
    expect('snapshot' in liveValue).toBe(false);
    expect(liveRecord!.headers).toEqual({
      'x-event-id': live,
      'x-origin': 'cdc',
      'x-schema': 'engagement.enriched/v1',
    });

    // Same content, so the same partition: once the live event is delivered, the snapshot
    // reads before it have been decided (filtered).
    const ids = new Set([...history, live]);
    const received = await waitUntil(
      async () => {
        const among = await receiver.eventsAmong(ids);
        return among.some((event) => event.event_id === live) ? among : undefined;
      },
      'the live event at the receiver',
      60_000,
      200,
    );
    expect(received.map((event) => event.event_id)).toEqual([live]);
    expect(received[0]).toMatchObject({ deliveries: 1 });
    expect(
      await webhook.metric('cdc_sink_events_total', { sink: 'webhook', outcome: 'filtered' }),
    ).toBe(2);
  });
});
