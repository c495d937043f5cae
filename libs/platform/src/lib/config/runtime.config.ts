import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';

import { EnvInt } from './env-decorators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Settings every service has: HTTP port, log level, shutdown bound. */
export class RuntimeConfig {
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  HTTP_PORT = 3000;

  @IsString()
  HTTP_HOST = '0.0.0.0';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** How long SIGTERM may take before the process exits anyway. */
  @EnvInt()
  @IsInt()
  @Min(100)
  SHUTDOWN_TIMEOUT_MS = 15_000;
}
