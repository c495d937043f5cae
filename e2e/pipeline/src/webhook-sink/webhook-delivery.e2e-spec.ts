import { type EnrichedEngagementEventV1, Topics } from '@cdc/contracts';
import { enrichedStream, KafkaFixture, publishEnriched, waitUntil } from '@cdc/testing';

import { ReceiverProcess, WebhookSinkHarness } from '../harness';
import { allReceived, idsByContent, publishPaced } from './webhook-stream';

describe('webhook sink delivery', () => {
  const kafka = new KafkaFixture();
  const receiver = new ReceiverProcess();
  // A sink, in a consumer group of its own, per test; all deliver to the one receiver.
  const faultsSink = new WebhookSinkHarness({
    name: 'faults',
    receiver,
    // A 1 s timeout turns the 2 s delays into client timeouts whose requests the receiver still
    // records, so retries arrive as duplicates that the webhook-id must absorb.
    env: { WEBHOOK_REQUEST_TIMEOUT_MS: '1000', WEBHOOK_MAX_IN_FLIGHT: '32' },
  });
  // One event per request, the mode batching replaced as the default (webhook-batching covers
  // the kill with the defaults): here every webhook-id is an event id.
  const killSink = new WebhookSinkHarness({
    name: 'kill',
    receiver,
    env: { WEBHOOK_MAX_IN_FLIGHT: '8', WEBHOOK_BATCH_SIZE: '1' },
  });
  const backfillSink = new WebhookSinkHarness({ name: 'backfill', receiver });
  const sinks = [faultsSink, killSink, backfillSink];

  beforeAll(() => receiver.start());
  afterEach(async () => {
    for (const sink of sinks) {
      await sink.stop();
    }
    await receiver.faults({ errorRatio: 0, delayRatio: 0 });
    await receiver.reset();
  });
  afterAll(async () => {
    for (const sink of sinks) {
      await sink.close();
    }
    await receiver.stop();
    await kafka.close();
  });

  it('delivers every event of a 1,000-event stream exactly once per event id, in order per content, with 10% 5xx and 20% delayed 2 s', async () => {
    await receiver.faults({ errorRatio: 0.1, errorStatus: 503, delayRatio: 0.2, delayMs: 2_000 });
    await faultsSink.placeAtEnd();
    await faultsSink.start();
    const { events, contentIds } = enrichedStream(1_000, 50);
    const podcasts = enrichedStream(100, 5, 'podcast').events;
    // Paced (5 events every 10 ms), so the batching sink makes a hundred requests or more for
    // the ratios to act on, not the handful a 1,000-event burst would take.
    await publishPaced(kafka, [...podcasts.slice(0, 50), ...events, ...podcasts.slice(50)], 5, 10);

    const received = await allReceived(receiver, events, 150_000);

    // Each event recorded once, by the first request that carried it; batched by default.
    expect(received).toHaveLength(1_000);
    expect(new Set(received.map((event) => event.event_id)).size).toBe(1_000);
    expect(received.some((event) => event.idempotency_key.startsWith('batch-'))).toBe(true);
    for (const contentId of contentIds) {
      expect(idsByContent(received, contentId)).toEqual(idsByContent(events, contentId));
    }
    const stats = await receiver.stats();
    // Every request, retries included, verified with the standardwebhooks package.
    expect(stats.unauthorized).toBe(0);
    expect(stats.injectedErrors).toBeGreaterThan(0);
    expect(stats.injectedDelays).toBeGreaterThan(0);
    expect(received.reduce((sum, event) => sum + event.deliveries - 1, 0)).toBeGreaterThan(0);
    // Filtered out by WEBHOOK_CONTENT_TYPES=video: counted, never sent, and their offsets advanced.
    expect(await receiver.eventsAmong(new Set(podcasts.map((event) => event.event_id)))).toEqual(
      [],
    );
    expect(
      await faultsSink.metric('cdc_sink_events_total', {
        sink: 'webhook',
        outcome: 'filtered',
      }),
    ).toBeGreaterThanOrEqual(100);
    expect(
      await faultsSink.metric('cdc_sink_events_total', {
        sink: 'webhook',
        outcome: 'dead_lettered',
      }),
    ).toBe(0);
    expect(await faultsSink.metric('cdc_webhook_retries_total', { cause: '503' })).toBeGreaterThan(
      0,
    );
    expect(
      await faultsSink.metric('cdc_webhook_retries_total', { cause: 'timeout' }),
    ).toBeGreaterThan(0);
    process.stdout.write(`webhook faults run: ${JSON.stringify(stats)}\n`);
  });

  it('loses nothing across a kill -9 mid-stream and a restart, one event per request; the idempotency key absorbs the duplicates', async () => {
    await receiver.faults({ delayRatio: 1, delayMs: 25 });
    await killSink.placeAtEnd();
    await killSink.start();
    const { events } = enrichedStream(1_000, 20);
    const ids = new Set(events.map((event) => event.event_id));
    await publishEnriched(kafka, events);
    await waitUntil(
      async () => ((await receiver.eventsAmong(ids)).length >= 300 ? true : undefined),
      '300 deliveries before the kill',
      60_000,
      50,
    );

    await killSink.kill('SIGKILL');
    const atKill = (await receiver.eventsAmong(ids)).length;
    expect(atKill).toBeLessThan(1_000);
    await killSink.restart(90_000);
    const received = await allReceived(receiver, events, 150_000);

    // The shared topic may carry other tests' events too, so counts are taken over this stream's ids.
    expect(received).toHaveLength(1_000);
    expect(new Set(received.map((event) => event.idempotency_key)).size).toBe(1_000);
    expect(received.filter((event) => event.idempotency_key !== event.event_id)).toEqual([]);
    const absorbed = received.reduce((sum, event) => sum + event.deliveries - 1, 0);
    expect((await receiver.stats()).unauthorized).toBe(0);
    process.stdout.write(
      `webhook kill -9 run: ${atKill} of 1000 recorded before the kill; ${absorbed} duplicate deliveries absorbed by webhook-id\n`,
    );
  });

  it('applies a backfill record only when x-target-sinks names webhook or is absent', async () => {
    await backfillSink.placeAtEnd();
    await backfillSink.start();
    const asBackfill = (events: EnrichedEngagementEventV1[]) =>
      events.map((event) => ({
        ...event,
        origin: 'backfill' as const,
        source_ts_ms: null,
        source_lsn: null,
      }));
    const forWebhook = asBackfill(enrichedStream(5, 1).events);
    const forAll = asBackfill(enrichedStream(5, 1).events);
    // The marker shares the untargeted records' content, hence their partition, and comes after
    // them: once it is delivered, the untargeted ones have been consumed and skipped.
    const sameContent = asBackfill(enrichedStream(6, 1).events);
    const forOthers = sameContent.slice(0, 5);
    const marker = sameContent[5]!;
    await publishEnriched(kafka, forOthers, Topics.backfill, 'redis,bigquery');
    await publishEnriched(kafka, [...forWebhook, marker], Topics.backfill, 'bigquery,webhook');
    await publishEnriched(kafka, forAll, Topics.backfill);

    const expected = [...forWebhook, marker, ...forAll];
    await allReceived(receiver, expected, 60_000);
    const all = new Set([...expected, ...forOthers].map((event) => event.event_id));
    expect((await receiver.eventsAmong(all)).map((event) => event.event_id).sort()).toEqual(
      expected.map((event) => event.event_id).sort(),
    );
    expect(
      await backfillSink.metric('cdc_sink_events_total', {
        sink: 'webhook',
        outcome: 'not_targeted',
      }),
    ).toBeGreaterThanOrEqual(5);
  });
});
