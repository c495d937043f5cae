import { enrichedStream, KafkaFixture, publishEnriched, waitUntil } from '@cdc/testing';
import { WebhookSigner } from '@cdc/webhook-delivery';

import { E2E_WEBHOOK_SECRET, ReceiverProcess, WebhookSinkHarness } from '../harness';

const NEW_SECRET = `whsec_${Buffer.from('e2e-rotated-webhook-secret-0123456789').toString('base64')}`;

/**
 * Standard Webhooks, both ways: the reference receiver verifies with the `standardwebhooks`
 * package (never the sink's code), so the sink's signer is checked against the standard.
 */
describe('webhook signatures (Standard Webhooks)', () => {
  const receiver = new ReceiverProcess();
  const body = JSON.stringify({
    payload_version: 1,
    type: 'engagement.events',
    idempotency_key: '424242',
    event_count: 1,
    events: [{ event_id: '424242', content_id: null }],
  });
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  function post(
    headers: Record<string, string>,
    payload = body,
  ): Promise<{ status: number; body: unknown }> {
    return receiver.call('POST', '/webhooks/engagement', payload, {
      'content-type': 'application/json',
      ...headers,
    });
  }

  it('rejects a tampered body, another secret, another id, a stale timestamp and missing headers with 401', async () => {
    await receiver.reset();
    const signer = new WebhookSigner([E2E_WEBHOOK_SECRET]);
    const headers = signer.headers('424242', body, now());
    const mismatch = { status: 401, body: { error: 'No matching signature found' } };
    expect(await post(headers, body.replace('424242"', '424243"'))).toEqual(mismatch);
    expect(await post(new WebhookSigner([NEW_SECRET]).headers('424242', body, now()))).toEqual(
      mismatch,
    );
    expect(await post({ ...headers, 'webhook-id': '424243' })).toEqual(mismatch);
    expect(await post(signer.headers('424242', body, now() - 301))).toEqual({
      status: 401,
      body: { error: 'Message timestamp too old' },
    });
    const { 'webhook-signature': _, ...unsigned } = headers;
    expect(await post(unsigned)).toEqual({
      status: 401,
      body: { error: 'Missing required headers' },
    });
    expect(await receiver.stats()).toMatchObject({
      requests: 5,
      unauthorized: 5,
      accepted: 0,
      uniqueKeys: 0,
    });
  });

  it('accepts a valid signature once and absorbs the repeat by webhook-id', async () => {
    await receiver.reset();
    const signer = new WebhookSigner([E2E_WEBHOOK_SECRET]);
    expect(await post(signer.headers('424242', body, now()))).toEqual({
      status: 200,
      body: { status: 'accepted', idempotency_key: '424242' },
    });
    expect(await post(signer.headers('424242', body, now()))).toEqual({
      status: 200,
      body: { status: 'duplicate', idempotency_key: '424242' },
    });
    expect(await receiver.stats()).toMatchObject({
      accepted: 1,
      duplicates: 1,
      uniqueKeys: 1,
      uniqueEvents: 1,
      eventsReceived: 1,
    });
  });
});

describe('webhook secret rotation, through the sink', () => {
  const kafka = new KafkaFixture();
  // The sink signs with the new secret and, while the partner switches, with the old one.
  const webhook = new WebhookSinkHarness({
    name: 'rotation',
    env: { WEBHOOK_SECRET: NEW_SECRET, WEBHOOK_PREVIOUS_SECRETS: E2E_WEBHOOK_SECRET },
  });
  const receiver = webhook.receiver;

  afterAll(async () => {
    await webhook.close();
    await kafka.close();
  });

  async function deliversAll(count: number): Promise<void> {
    const { events } = enrichedStream(count, 4);
    const ids = new Set(events.map((event) => event.event_id));
    await publishEnriched(kafka, events);
    await waitUntil(
      async () => ((await receiver.eventsAmong(ids)).length === count ? true : undefined),
      `${count} events at the receiver`,
      60_000,
      200,
    );
  }

  it('is accepted by a receiver still on the old secret, then by one on the new secret', async () => {
    await receiver.start();
    await webhook.placeAtEnd();
    await webhook.start();
    await deliversAll(20);
    expect((await receiver.stats()).unauthorized).toBe(0);

    await receiver.stop();
    await receiver.start({ RECEIVER_SECRET: NEW_SECRET });
    await deliversAll(20);
    expect((await receiver.stats()).unauthorized).toBe(0);
  });

  it('refuses to start with a secret that is not a whsec_ secret, naming the variable', async () => {
    const app = await webhook.spawn({ WEBHOOK_SECRET: 'an-old-style-shared-secret-0123' });
    expect(await app.exited()).toBe(1);
    expect(app.logs).toContain(
      'WEBHOOK_SECRET is invalid: must be a Standard Webhooks secret: whsec_ followed by the base64 of 24 to 64 random bytes',
    );
    expect(app.logs).not.toContain('an-old-style-shared-secret-0123');
  });
});
