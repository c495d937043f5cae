import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { RuntimeConfig } from '../config/runtime.config';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Bounds graceful shutdown: if closing takes longer than SHUTDOWN_TIMEOUT_MS the process
 * exits anyway, with code 1. Uncommitted work is then re-read after restart, so nothing is lost.
 * The clock starts at the signal itself, not at this provider's own hook, so a slow
 * onModuleDestroy or beforeApplicationShutdown elsewhere cannot delay it.
 */
@Injectable()
export class ShutdownDeadline implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownDeadline.name);
  private armed = false;

  constructor(private readonly runtime: RuntimeConfig) {}

  onApplicationBootstrap(): void {
    for (const signal of STOP_SIGNALS) {
      process.once(signal, () => this.arm(signal));
    }
  }

  beforeApplicationShutdown(signal?: string): void {
    this.arm(signal ?? 'close');
  }

  private arm(reason: string): void {
    if (this.armed) {
      return;
    }
    this.armed = true;
    const timeoutMs = this.runtime.SHUTDOWN_TIMEOUT_MS;
    this.logger.log(`Shutting down (${reason}), at most ${timeoutMs} ms`);
    setTimeout(() => {
      this.logger.error(`Shutdown exceeded ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
  }
}
