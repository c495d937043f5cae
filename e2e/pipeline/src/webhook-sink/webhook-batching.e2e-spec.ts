import { enrichedStream, KafkaFixture, publishEnriched, waitUntil } from '@cdc/testing';

import { ReceiverProcess, WebhookSinkHarness } from '../harness';
import { allReceived, idsByContent, publishPaced } from './webhook-stream';

/**
 * The sink with its default batching (WEBHOOK_BATCH_SIZE 250, WEBHOOK_BATCH_LINGER_MS 0): the
 * harness sets only the endpoint, the secret, the video filter and fast retry timings.
 */
describe('webhook sink batching (default settings)', () => {
  const kafka = new KafkaFixture();
  const receiver = new ReceiverProcess();
  const killSink = new WebhookSinkHarness({ name: 'batch-kill', receiver });
  const burstSink = new WebhookSinkHarness({ name: 'batch-burst', receiver });
  const sinks = [killSink, burstSink];

  beforeAll(() => receiver.start());
  afterEach(async () => {
    for (const sink of sinks) {
      await sink.stop();
    }
    await receiver.faults({ delayRatio: 0 });
    await receiver.reset();
  });
  afterAll(async () => {
    for (const sink of sinks) {
      await sink.close();
    }
    await receiver.stop();
    await kafka.close();
  });

  it('records every event of a 4,000-event stream exactly once across a kill -9 and a restart, in commit order per content', async () => {
    // Each request takes 200 ms while chunks arrive every 50 ms, so requests are always in
    // flight: the kill lands in the middle of some, which the receiver still records, and their
    // offsets were not committed, so the restarted sink sends those events again.
    await receiver.faults({ delayRatio: 1, delayMs: 200 });
    await killSink.placeAtEnd();
    await killSink.start();
    const { events, contentIds } = enrichedStream(4_000, 40);
    const ids = new Set(events.map((event) => event.event_id));
    const publishing = publishPaced(kafka, events, 100, 50);
    await waitUntil(
      async () => ((await receiver.eventsAmong(ids)).length >= 1_000 ? true : undefined),
      '1,000 events before the kill',
      60_000,
      20,
    );

    await killSink.kill('SIGKILL');
    const atKill = (await receiver.eventsAmong(ids)).length;
    expect(atKill).toBeLessThan(4_000);
    await publishing;
    await killSink.restart(90_000);
    const received = await allReceived(receiver, events, 150_000);

    // Each event id recorded once: at its first delivery, whatever request carried it later.
    expect(received).toHaveLength(4_000);
    expect(new Set(received.map((event) => event.event_id))).toEqual(ids);
    // First deliveries in commit order per content, before and after the kill alike.
    for (const contentId of contentIds) {
      expect(idsByContent(received, contentId)).toEqual(idsByContent(events, contentId));
    }
    // Batched: the events were recorded by requests of several events each, keyed batch-<hash>.
    const recordedBy = new Set(received.map((event) => event.idempotency_key));
    expect(recordedBy.size).toBeLessThan(2_000);
    expect([...recordedBy].some((key) => key.startsWith('batch-'))).toBe(true);
    // The shared topic may carry other traffic too (videos of a bench run, say): the receiver's
    // totals include it, so exact figures are taken over this stream's ids.
    const stats = await receiver.stats();
    expect(stats.unauthorized).toBe(0);
    const absorbed = received.reduce((sum, event) => sum + event.deliveries - 1, 0);
    expect(stats.duplicateEvents).toBeGreaterThanOrEqual(absorbed);
    expect(
      await killSink.metric('cdc_sink_events_total', { sink: 'webhook', outcome: 'dead_lettered' }),
    ).toBe(0);
    process.stdout.write(
      `webhook batched kill -9 run: ${atKill} of 4000 recorded before the kill; recorded by ${recordedBy.size} requests; ${absorbed} duplicate deliveries of these events absorbed by event_id (receiver totals: ${stats.requests} requests, ${stats.duplicates} repeated a webhook-id, ${stats.duplicateEvents} duplicate events)\n`,
    );
  });

  it('drains a 20,000-event backlog in batches at 3,000 events/s or more, every request verified', async () => {
    await burstSink.placeAtEnd();
    const { events, contentIds } = enrichedStream(20_000, 200);
    await publishEnriched(kafka, events);
    await burstSink.start();
    const received = await allReceived(receiver, events, 120_000);

    expect(new Set(received.map((event) => event.event_id)).size).toBe(20_000);
    for (const contentId of contentIds) {
      expect(idsByContent(received, contentId)).toEqual(idsByContent(events, contentId));
    }
    expect(received.filter((event) => event.deliveries !== 1)).toEqual([]);
    const stats = await receiver.stats();
    expect(stats.unauthorized).toBe(0);
    const times = received.map((event) => Date.parse(event.received_at));
    const seconds = (Math.max(...times) - Math.min(...times)) / 1_000;
    const rate = Math.round(20_000 / seconds);
    process.stdout.write(
      `webhook batched burst: 20000 events recorded by ${new Set(received.map((event) => event.idempotency_key)).size} requests, ${seconds.toFixed(2)} s from first to last, ${rate} events/s\n`,
    );
    expect(rate).toBeGreaterThanOrEqual(3_000);
  });
});
