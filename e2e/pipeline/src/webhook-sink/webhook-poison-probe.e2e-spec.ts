import { type DeadLetterRecordV1, Topics } from '@cdc/contracts';
import {
  type AppProcess,
  enrichedStream,
  KafkaFixture,
  publishEnriched,
  waitUntil,
} from '@cdc/testing';

import { WebhookSinkHarness } from '../harness';

interface WebhookHealth {
  details: { webhook: { breaker: string; pendingEvents: number } };
}

/**
 * On a quiet stream the only event waiting while the breaker is open is the one the half-open
 * probe carries. When the receiver rejects that event permanently (a 4xx), it must be
 * dead-lettered like on a busy stream, and the lane and partition must move on; a 5xx or a
 * timeout (an outage) still only holds it.
 */
describe('webhook sink: a permanently rejected event as the half-open probe', () => {
  const kafka = new KafkaFixture();
  const webhook = new WebhookSinkHarness({
    name: 'poison-probe',
    env: {
      WEBHOOK_BREAKER_THRESHOLD: '3',
      WEBHOOK_BREAKER_HALF_OPEN_MS: '1000',
      WEBHOOK_BREAKER_HALF_OPEN_MAX_MS: '2000',
    },
  });
  const receiver = webhook.receiver;
  let sink: AppProcess;

  beforeAll(() => receiver.start());
  afterAll(async () => {
    await webhook.close();
    await kafka.close();
  });

  const breaker = async () =>
    (await sink.get<WebhookHealth>('/health')).body.details.webhook.breaker;

  it('dead-letters it with the reason, closes the breaker and delivers the next event once', async () => {
    const {
      events: [poison, next],
    } = enrichedStream(2, 1);
    const deadLetters = await kafka.tail([Topics.webhookSinkDeadLetter]);
    await webhook.placeAtEnd();
    sink = await webhook.start();

    // The receiver is down (503): the only event opens the breaker and is held, not dead-lettered.
    await receiver.faults({ errorRatio: 1, errorStatus: 503 });
    await publishEnriched(kafka, [poison!]);
    await waitUntil(
      async () => ((await breaker()) === 'open' ? true : undefined),
      'the breaker to open',
      60_000,
      50,
    );
    // Up again, but it rejects this event for good: the next request is the half-open probe,
    // and it carries the poison event, the only one pending.
    await receiver.faults({ errorRatio: 0, failIds: [poison!.event_id] });

    const [record] = await deadLetters.waitFor(
      (candidate) =>
        (JSON.parse(candidate.value!.toString()) as DeadLetterRecordV1).event_id ===
        poison!.event_id,
      1,
      60_000,
    );
    const letter = JSON.parse(record!.value!.toString()) as DeadLetterRecordV1;
    expect(letter).toMatchObject({
      stage: 'webhook-sink',
      reason: `rejected permanently: HTTP 400: {"error":"event ${poison!.event_id} rejected by fault injection"}`,
      event_id: poison!.event_id,
      last_status: 400,
      source: { topic: Topics.enriched },
    });
    expect(await breaker()).toBe('closed');

    await publishEnriched(kafka, [next!]);
    const ids = new Set([poison!.event_id, next!.event_id]);
    const received = await waitUntil(
      async () => {
        const among = await receiver.eventsAmong(ids);
        return among.length > 0 ? among : undefined;
      },
      'the next event at the receiver',
      60_000,
      100,
    );
    // Anything repeated would arrive right behind.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      (await receiver.eventsAmong(ids)).map((event) => [event.event_id, event.deliveries]),
    ).toEqual([[next!.event_id, 1]]);
    expect(received.map((event) => event.event_id)).toEqual([next!.event_id]);
    expect(
      deadLetters.records.filter((candidate) => candidate.key?.toString() === poison!.content_id),
    ).toHaveLength(1);
    expect(
      await webhook.metric('cdc_sink_events_total', { sink: 'webhook', outcome: 'dead_lettered' }),
    ).toBe(1);
    expect(await webhook.metric('cdc_webhook_pending_events')).toBe(0);
  });
});
