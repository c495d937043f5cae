import { Webhook, WebhookVerificationError } from 'standardwebhooks';

import { webhookSecretKey, webhookSignature, WebhookSigner } from './webhook-signature';

// The example of the Standard Webhooks specification (spec/standard-webhooks.md, "Signature scheme").
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = 1_614_265_330;
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const current = `whsec_${Buffer.from('current-secret-0123456789abcdef').toString('base64')}`;
const previous = `whsec_${Buffer.from('previous-secret-0123456789abcdef').toString('base64')}`;
const body = '{"payload_version":1,"type":"engagement.events","idempotency_key":"42"}';
const now = () => Math.floor(Date.now() / 1000);

describe('webhookSignature', () => {
  it('reproduces the specification example', () => {
    expect(
      webhookSignature(webhookSecretKey(SPEC_SECRET)!, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY),
    ).toBe(SPEC_SIGNATURE);
  });

  it('agrees with the standardwebhooks package', () => {
    const key = webhookSecretKey(current)!;
    const at = new Date(SPEC_TIMESTAMP * 1000);
    expect(webhookSignature(key, '42', SPEC_TIMESTAMP, body)).toBe(
      new Webhook(current).sign('42', at, body),
    );
  });
});

describe('WebhookSigner', () => {
  it('sends the id, the timestamp and one v1 signature that standardwebhooks verifies', () => {
    const headers = new WebhookSigner([current]).headers('42', body, now());
    expect(Object.keys(headers)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    expect(headers['webhook-id']).toBe('42');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs with every secret during a rotation, so the old and the new one both verify', () => {
    const headers = new WebhookSigner([current, previous]).headers('42', body, now());
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    const other = `whsec_${Buffer.from('some-other-secret-0123456789ab').toString('base64')}`;
    expect(() => new Webhook(other).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('fails verification of a tampered body, another id and a timestamp out of tolerance', () => {
    const signer = new WebhookSigner([current]);
    const verifier = new Webhook(current);
    const headers = signer.headers('42', body, now());
    expect(() => verifier.verify(`${body} `, headers)).toThrow('No matching signature found');
    expect(() => verifier.verify(body, { ...headers, 'webhook-id': '43' })).toThrow(
      'No matching signature found',
    );
    expect(() => verifier.verify(body, signer.headers('42', body, now() - 301))).toThrow(
      'Message timestamp too old',
    );
  });

  it('refuses secrets that are not whsec_ keys of 24 to 64 bytes', () => {
    expect(() => new WebhookSigner([])).toThrow('at least one secret');
    expect(() => new WebhookSigner([current, 'plain-shared-secret-0123'])).toThrow(
      'webhook secret #2 is not a whsec_ secret of 24 to 64 bytes',
    );
  });
});

describe('webhookSecretKey', () => {
  it('decodes the base64 after whsec_', () => {
    expect(webhookSecretKey(SPEC_SECRET)).toEqual(
      Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'),
    );
  });

  it.each([
    ['no prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['empty key', 'whsec_'],
    ['not base64', 'whsec_not base64 at all, really not'],
    ['bad padding', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS'],
    ['23 bytes', `whsec_${Buffer.alloc(23, 1).toString('base64')}`],
    ['65 bytes', `whsec_${Buffer.alloc(65, 1).toString('base64')}`],
  ])('rejects %s', (_, secret) => expect(webhookSecretKey(secret)).toBeNull());

  it('accepts 24 and 64 bytes', () => {
    expect(webhookSecretKey(`whsec_${Buffer.alloc(24, 1).toString('base64')}`)).toHaveLength(24);
    expect(webhookSecretKey(`whsec_${Buffer.alloc(64, 1).toString('base64')}`)).toHaveLength(64);
  });
});
