import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';

import { ConfigValidationError } from '../config/environment-schema';
import { RuntimeConfig } from '../config/runtime.config';
import { printConfigAndExit, printConfigRequested } from './print-config';

/**
 * Starts a service: structured logger, shutdown hooks, HTTP listener. Any start-up failure,
 * an invalid configuration included, prints one clear message and exits with code 1.
 * With `--print-config` it only prints the config variables as JSON and exits 0.
 */
export interface ServiceOptions {
  /**
   * The app's message transport, a provider of the root module: its `@EventPattern` handlers
   * are bound to it, and it starts once every module is initialised (topics and tables exist)
   * and HTTP listens, so that readiness answers while it waits for its input topics.
   */
  transport?: Type<CustomTransportStrategy>;
}

export async function bootstrapService(
  name: string,
  rootModule: Type<unknown>,
  options: ServiceOptions = {},
): Promise<INestApplication> {
  if (printConfigRequested()) {
    printConfigAndExit(name);
    // The process exits once the description is written; the app is never created.
    return new Promise<never>(() => undefined);
  }
  try {
    // Nest's own logger stays off: start-up errors are reported once, below, not as a stack trace.
    const app = await NestFactory.create(rootModule, {
      logger: false,
      bufferLogs: true,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    // After a signal the hooks run (consumers stop and commit, producers flush, connections
    // close) and the process exits 0, or 1 if a hook failed: a clean stop is visible as such.
    app.enableShutdownHooks([], { useProcessExit: true });
    if (options.transport) {
      app.connectMicroservice({ strategy: app.get(options.transport) }, { inheritAppConfig: true });
    }
    await app.init();
    const runtime = app.get(RuntimeConfig);
    // HTTP first: while the transport waits for its input topics, readiness says so (503).
    await app.listen(runtime.HTTP_PORT, runtime.HTTP_HOST);
    app.get(Logger).log(`${name} listening on ${runtime.HTTP_HOST}:${runtime.HTTP_PORT}`);
    if (options.transport) {
      await app.startAllMicroservices();
    }
    return app;
  } catch (error) {
    const message = error instanceof ConfigValidationError ? error.message : describe(error);
    process.stderr.write(`${name} failed to start. ${message}\n`);
    process.exit(1);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
