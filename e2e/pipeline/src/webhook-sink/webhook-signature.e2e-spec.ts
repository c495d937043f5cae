import { signBody } from '@cdc/webhook-delivery';

import { E2E_WEBHOOK_SECRET, ReceiverProcess } from '../harness';

/** The receiver verifies X-Signature as documented; the sink's signer and it must agree. */
describe('webhook receiver signature verification', () => {
  const receiver = new ReceiverProcess();
  const body = JSON.stringify({
    payload_version: 1,
    type: 'engagement.events',
    idempotency_key: '424242',
    event_count: 1,
    events: [{ event_id: '424242', content_id: null }],
  });

  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  async function post(
    signature: string | null,
    payload = body,
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': '424242',
    };
    if (signature !== null) {
      headers['x-signature'] = signature;
    }
    return receiver.call('POST', '/webhooks/engagement', payload, headers);
  }

  const now = () => Math.floor(Date.now() / 1000);

  it('rejects a tampered body, a wrong secret, a stale timestamp and a missing signature with 401', async () => {
    const signature = signBody(E2E_WEBHOOK_SECRET, body, now());
    expect(await post(signature, body.replace('424242"', '424243"'))).toEqual({
      status: 401,
      body: { error: 'X-Signature does not match' },
    });
    expect(
      await post(signBody('not-the-shared-secret-000', body, now())).then((r) => r.status),
    ).toBe(401);
    expect(
      await post(
        signature.replace(/v1=([0-9a-f])/, (_, c: string) => `v1=${c === '0' ? '1' : '0'}`),
      ).then((r) => r.status),
    ).toBe(401);
    expect(await post(signBody(E2E_WEBHOOK_SECRET, body, now() - 301))).toEqual({
      status: 401,
      body: { error: 'X-Signature timestamp outside tolerance' },
    });
    expect(await post(null)).toEqual({ status: 401, body: { error: 'missing X-Signature' } });
    expect(await receiver.stats()).toMatchObject({
      requests: 5,
      unauthorized: 5,
      accepted: 0,
      uniqueKeys: 0,
    });
  });

  it('accepts a valid signature once and absorbs the repeat by Idempotency-Key', async () => {
    expect(await post(signBody(E2E_WEBHOOK_SECRET, body, now()))).toEqual({
      status: 200,
      body: { status: 'accepted', idempotency_key: '424242' },
    });
    expect(await post(signBody(E2E_WEBHOOK_SECRET, body, now()))).toEqual({
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
