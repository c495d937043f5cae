import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { RuntimeConfig } from '../config/runtime.config';

/**
 * Bounds graceful shutdown: if closing takes longer than SHUTDOWN_TIMEOUT_MS the process
 * exits anyway. Uncommitted work is then re-read after restart, so nothing is lost.
 */
@Injectable()
export class ShutdownDeadline implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ShutdownDeadline.name);

  constructor(private readonly runtime: RuntimeConfig) {}

  beforeApplicationShutdown(signal?: string): void {
    const timeoutMs = this.runtime.SHUTDOWN_TIMEOUT_MS;
    this.logger.log(`Shutting down (${signal ?? 'close'}), at most ${timeoutMs} ms`);
    setTimeout(() => {
      this.logger.error(`Shutdown exceeded ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
  }
}
