import { DEV_SECRET, readOptions } from './app/receiver-options';
import { ReceiverServer } from './app/receiver-server';

/** Reference webhook receiver for local runs and tests; see the README section "Webhook sink". */
async function main(): Promise<void> {
  const { settings, faults } = readOptions(process.env, process.argv.slice(2));
  const server = new ReceiverServer(settings, faults);
  await server.listen();
  const warning = settings.secret === DEV_SECRET ? ' (development secret)' : '';
  process.stdout.write(
    `webhook-receiver listening on http://${settings.host}:${settings.port}${settings.path}${warning}; faults ${JSON.stringify(faults)}\n`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `webhook-receiver failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
