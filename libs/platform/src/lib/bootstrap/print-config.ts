import { rememberedConfigSchema } from '../config/config-schema-registry';
import { describeEnvironment } from '../config/environment-description';

export const PRINT_CONFIG_FLAG = '--print-config';

export function printConfigRequested(argv: readonly string[] = process.argv): boolean {
  return argv.slice(2).includes(PRINT_CONFIG_FLAG);
}

/**
 * Prints `{service, variables}` as JSON and exits 0, or exits 1 when no config class was
 * registered. Deployment checks read it from the built bundle, since apps cannot be imported
 * from tools. Nothing is started: no connection, no listener.
 */
export function printConfigAndExit(service: string): void {
  const schema = rememberedConfigSchema();
  if (!schema) {
    process.stderr.write(
      `${service}: no config class registered (TypedConfigModule.forRoot was not imported)\n`,
    );
    process.exit(1);
  }
  const description = { service, variables: describeEnvironment(schema) };
  // Exit only once the write is flushed: a piped stdout may still be buffering.
  process.stdout.write(`${JSON.stringify(description, null, 2)}\n`, () => process.exit(0));
}
