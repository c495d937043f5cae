import { Writable } from 'node:stream';

import pino from 'pino';

import { REDACTED_LOG_PATHS } from './logging.module';

/** Logs through pino with the platform's redaction and returns the parsed line. */
function logged(object: Record<string, unknown>): Record<string, unknown> {
  let line = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      line += chunk.toString();
      done();
    },
  });
  pino({ redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } }, sink).warn(object, 'probe');
  return JSON.parse(line) as Record<string, unknown>;
}

describe('log redaction', () => {
  it('censors secret config variables at the top of a log object and one level down', () => {
    const line = logged({
      PG_PASSWORD: 'pg-secret',
      config: {
        WEBHOOK_SECRET: 'hook-secret',
        BACKFILL_API_TOKEN: 'api-token',
        REDIS_PASSWORD: 'r',
        KAFKA_SASL_PASSWORD: 'k',
        PG_USER: 'engagement',
      },
      eventId: '42',
    });
    expect(line).toMatchObject({
      PG_PASSWORD: '[redacted]',
      config: {
        WEBHOOK_SECRET: '[redacted]',
        BACKFILL_API_TOKEN: '[redacted]',
        REDIS_PASSWORD: '[redacted]',
        KAFKA_SASL_PASSWORD: '[redacted]',
        PG_USER: 'engagement',
      },
      eventId: '42',
    });
    expect(JSON.stringify(line)).not.toMatch(/pg-secret|hook-secret|api-token/);
  });

  it('censors credentials in request headers and generic secret keys', () => {
    const line = logged({
      req: {
        headers: {
          authorization: 'Bearer abc',
          'x-signature': 't=1,v1=ff',
          'content-type': 'application/json',
        },
      },
      password: 'p',
      auth: { token: 't', user: 'u' },
    });
    expect(line).toMatchObject({
      req: {
        headers: {
          authorization: '[redacted]',
          'x-signature': '[redacted]',
          'content-type': 'application/json',
        },
      },
      password: '[redacted]',
      auth: { token: '[redacted]', user: 'u' },
    });
  });
});
