import { ConfigValidationError, loadEnvironment } from '@cdc/platform';

import { deliveryOptionsFrom, queueOptionsFrom, WebhookSinkConfig } from './webhook-sink.config';

const current = `whsec_${Buffer.from('current-secret-0123456789abcdef').toString('base64')}`;
const previous = `whsec_${Buffer.from('previous-secret-0123456789abcdef').toString('base64')}`;
const base = { KAFKA_BROKERS: '127.0.0.1:9092' };

function errorOf(environment: Record<string, string>): string {
  try {
    loadEnvironment(WebhookSinkConfig, { ...base, ...environment });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('WebhookSinkConfig secrets', () => {
  it('signs with WEBHOOK_SECRET first, then WEBHOOK_PREVIOUS_SECRETS in order', () => {
    const config = loadEnvironment(WebhookSinkConfig, {
      ...base,
      WEBHOOK_SECRET: current,
      WEBHOOK_PREVIOUS_SECRETS: ` ${previous} ,`,
    });
    expect(deliveryOptionsFrom(config).secrets).toEqual([current, previous]);
  });

  it('defaults to the development whsec_ secret and no previous ones', () => {
    expect(deliveryOptionsFrom(loadEnvironment(WebhookSinkConfig, base)).secrets).toEqual([
      'whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQh',
    ]);
  });

  it('names the variable of a secret that is not of the whsec_ form, never its value', () => {
    const message = errorOf({ WEBHOOK_SECRET: 'a-plain-shared-secret-of-old' });
    expect(message).toContain(
      'WEBHOOK_SECRET is invalid: must be a Standard Webhooks secret: whsec_ followed by the base64 of 24 to 64 random bytes',
    );
    expect(message).not.toContain('a-plain-shared-secret-of-old');
  });

  it('checks every previous secret', () => {
    const short = `whsec_${Buffer.alloc(16, 7).toString('base64')}`;
    const message = errorOf({ WEBHOOK_PREVIOUS_SECRETS: `${previous},${short}` });
    expect(message).toContain(
      'WEBHOOK_PREVIOUS_SECRETS is invalid: must be a comma-separated list of Standard Webhooks secrets, each whsec_ followed by',
    );
    expect(message).not.toContain(short);
  });
});

describe('WebhookSinkConfig batching', () => {
  it('batches by default: up to 250 events a request, sent as soon as they are ready', () => {
    expect(queueOptionsFrom(loadEnvironment(WebhookSinkConfig, base))).toEqual({
      batchSize: 250,
      lingerMs: 0,
      maxInFlight: 16,
      maxPending: 2_000,
    });
  });

  it('still sends one event per request when asked to', () => {
    const config = loadEnvironment(WebhookSinkConfig, {
      ...base,
      WEBHOOK_BATCH_SIZE: '1',
      WEBHOOK_BATCH_LINGER_MS: '100',
    });
    expect(queueOptionsFrom(config)).toMatchObject({ batchSize: 1, lingerMs: 100 });
  });

  it('refuses a batch size above 1000, naming the variable', () => {
    expect(errorOf({ WEBHOOK_BATCH_SIZE: '1001' })).toContain('WEBHOOK_BATCH_SIZE');
  });
});
