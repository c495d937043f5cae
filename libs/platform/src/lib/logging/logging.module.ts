import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { RuntimeConfig } from '../config/runtime.config';

/** Config variables that hold credentials; any log object carrying one has it censored. */
export const SECRET_VARIABLE_NAMES = [
  'PG_PASSWORD',
  'REDIS_PASSWORD',
  'KAFKA_SASL_PASSWORD',
  'WEBHOOK_SECRET',
  'WEBHOOK_PREVIOUS_SECRETS',
  'BACKFILL_API_TOKEN',
  'RECEIVER_SECRET',
  'GOOGLE_APPLICATION_CREDENTIALS_JSON',
];

const SECRET_KEYS = [
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
  'privateKey',
  'private_key',
  'authorization',
  'credentials',
];

/**
 * Paths whose values must never reach a log line (pino paths: a key at the top of the log
 * object, or one level below it, e.g. `{ config: { PG_PASSWORD } }`). Request headers that
 * carry credentials or signatures are censored too.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-signature"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...[...SECRET_KEYS, ...SECRET_VARIABLE_NAMES].flatMap((key) => [key, `*.${key}`]),
];

const QUIET_PATHS = new Set(['/health', '/health/live', '/metrics']);

/** Structured JSON logs (pino), one line per entry, level from LOG_LEVEL. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [RuntimeConfig],
      useFactory: (runtime: RuntimeConfig) => ({
        pinoHttp: {
          level: runtime.LOG_LEVEL,
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          autoLogging: { ignore: (request) => QUIET_PATHS.has(request.url ?? '') },
          quietReqLogger: true,
        },
      }),
    }),
  ],
})
export class LoggingModule {}
