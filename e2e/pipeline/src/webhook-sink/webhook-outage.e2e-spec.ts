import {
  type AppProcess,
  enrichedStream,
  KafkaFixture,
  publishEnriched,
  waitUntil,
} from '@cdc/testing';

import { WebhookSinkHarness } from '../harness';

interface WebhookHealth {
  status: string;
  details: { webhook: { status: string; breaker: string; pendingEvents: number } };
}

const OUTAGE_MS = 60_000;

describe('webhook sink during a receiver outage', () => {
  const kafka = new KafkaFixture();
  const webhook = new WebhookSinkHarness({
    name: 'outage',
    env: {
      WEBHOOK_MAX_IN_FLIGHT: '8',
      WEBHOOK_BREAKER_THRESHOLD: '5',
      WEBHOOK_BREAKER_HALF_OPEN_MS: '1000',
      WEBHOOK_BREAKER_HALF_OPEN_MAX_MS: '4000',
    },
  });
  const receiver = webhook.receiver;
  let sink: AppProcess | null = null;

  beforeAll(() => receiver.start());
  afterAll(async () => {
    await webhook.close();
    await kafka.close();
  });

  it('opens the breaker, bounds the requests during a 60 s outage, keeps the pod ready and delivers everything afterwards', async () => {
    await webhook.placeAtEnd();
    sink = await webhook.start();
    const before = enrichedStream(100, 10);
    const beforeIds = new Set(before.events.map((event) => event.event_id));
    await publishEnriched(kafka, before.events);
    await waitUntil(
      async () => ((await receiver.eventsAmong(beforeIds)).length === 100 ? true : undefined),
      'the first 100 events',
      60_000,
      200,
    );

    await receiver.faults({ outageMs: OUTAGE_MS });
    const outageEnds = Date.now() + OUTAGE_MS;
    const during = enrichedStream(200, 10);
    const duringIds = new Set(during.events.map((event) => event.event_id));
    await publishEnriched(kafka, during.events);

    const openHealth = await waitUntil(
      async () => {
        const health = await sink?.get<WebhookHealth>('/health');
        return health?.body.details.webhook.breaker === 'open' ? health : undefined;
      },
      'the breaker to show open in /health',
      20_000,
      50,
    );
    // Readiness stays up while the breaker is open: a restart would not heal the receiver.
    expect(openHealth.status).toBe(200);
    expect(openHealth.body.details.webhook.status).toBe('up');
    expect(await webhook.metric('cdc_webhook_breaker_state')).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, outageEnds - Date.now()));
    const atOutageEnd = await receiver.stats();
    expect(await receiver.eventsAmong(duringIds)).toEqual([]);
    // Bound: at most 5 (threshold) + 7 (other requests in flight when it opened) before the
    // breaker opens, then one probe per half-open wait, which lies in [d/2, d] with d = 1 s,
    // 2 s, 4 s, 4 s...: at most 3 + ceil((60 - 3.5) / 2) = 32 probes. Without the breaker, 8
    // lanes retrying every 50-500 ms would have sent well over a thousand requests.
    expect(atOutageEnd.outageRejected).toBeGreaterThanOrEqual(5);
    expect(atOutageEnd.outageRejected).toBeLessThanOrEqual(44);

    const received = await waitUntil(
      async () => {
        const events = await receiver.eventsAmong(duringIds);
        return events.length === 200 ? events : undefined;
      },
      'the 200 events held during the outage',
      60_000,
      200,
    );
    expect(new Set(received.map((event) => event.event_id)).size).toBe(200);
    for (const contentId of during.contentIds) {
      expect(
        received.filter((event) => event.content_id === contentId).map((event) => event.event_id),
      ).toEqual(
        during.events
          .filter((event) => event.content_id === contentId)
          .map((event) => event.event_id),
      );
    }
    await waitUntil(
      async () => ((await webhook.metric('cdc_webhook_breaker_state')) === 0 ? true : undefined),
      'the breaker to close',
      10_000,
      100,
    );
    expect(
      await webhook.metric('cdc_webhook_breaker_transitions_total', { state: 'open' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await webhook.metric('cdc_sink_events_total', {
        sink: 'webhook',
        outcome: 'dead_lettered',
      }),
    ).toBe(0);
    process.stdout.write(
      `webhook outage run: ${atOutageEnd.outageRejected} requests during the 60 s outage; breaker opened ${await webhook.metric('cdc_webhook_breaker_transitions_total', { state: 'open' })} time(s)\n`,
    );
  });
});
