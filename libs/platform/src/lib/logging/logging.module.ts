import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { RuntimeConfig } from '../config/runtime.config';

/** Paths whose values must never reach a log line. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-signature"]',
  '*.password',
  '*.secret',
  '*.token',
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
