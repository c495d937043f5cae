import { enrichedStream, KafkaFixture, publishEnriched, waitUntil } from '@cdc/testing';

import { WebhookSinkHarness } from '../harness';

interface WebhookHealth {
  status: string;
  details: { webhook: { status: string; endpoint: string; pendingEvents: number } };
}

/** Standard Webhooks' 410 Gone: the endpoint is disabled, so the sink stops sending to it. */
describe('webhook sink on 410 Gone', () => {
  const kafka = new KafkaFixture();
  const webhook = new WebhookSinkHarness({ name: 'gone' });
  const receiver = webhook.receiver;

  beforeAll(() => receiver.start());
  afterAll(async () => {
    await webhook.close();
    await kafka.close();
  });

  it('pauses delivery, reports it in readiness and a metric, holds every event, and delivers them all after a restart', async () => {
    await receiver.faults({ errorRatio: 1, errorStatus: 410 });
    await webhook.placeAtEnd();
    const sink = await webhook.start();
    const { events } = enrichedStream(10, 2);
    const ids = new Set(events.map((event) => event.event_id));
    await publishEnriched(kafka, events);

    const gone = await waitUntil(
      async () => {
        const health = await sink.get<WebhookHealth>('/health');
        return health.status === 503 && health.body.details.webhook.endpoint === 'gone'
          ? health
          : undefined;
      },
      'readiness to report the endpoint gone',
      20_000,
      100,
    );
    expect(gone.body.details.webhook.status).toBe('down');
    expect(await webhook.metric('cdc_webhook_endpoint_gone')).toBe(1);
    const requestsWhenGone = (await receiver.stats()).requests;
    // One request per content lane may have been in flight when the first 410 came back (with
    // batching, usually one request carries both contents).
    expect(requestsWhenGone).toBeGreaterThanOrEqual(1);
    expect(requestsWhenGone).toBeLessThanOrEqual(2);

    // Paused: no retry, no other event sent, nothing dead-lettered, nothing committed.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await receiver.stats()).requests).toBe(requestsWhenGone);
    expect(await webhook.metric('cdc_webhook_pending_events')).toBe(10);
    expect(
      await webhook.metric('cdc_sink_events_total', { sink: 'webhook', outcome: 'dead_lettered' }),
    ).toBe(0);
    expect(await receiver.eventsAmong(ids)).toEqual([]);

    // The documented way to resume: fix the endpoint (here: it takes deliveries again), restart.
    await receiver.faults({ errorRatio: 0 });
    await webhook.restart();
    const received = await waitUntil(
      async () => {
        const recorded = await receiver.eventsAmong(ids);
        return recorded.length === 10 ? recorded : undefined;
      },
      'the 10 held events after the restart',
      60_000,
      200,
    );
    // Nothing got through before the 410, so each event has exactly one delivery.
    expect(received.map((event) => event.event_id).sort()).toEqual([...ids].sort());
    expect(received.map((event) => event.deliveries)).toEqual(received.map(() => 1));
    expect(await webhook.metric('cdc_webhook_endpoint_gone')).toBe(0);
    expect((await webhook.app.get<WebhookHealth>('/health')).status).toBe(200);
    expect((await receiver.stats()).unauthorized).toBe(0);
  });
});
