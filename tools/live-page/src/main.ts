import { join } from 'node:path';

import { readOptions } from './app/live-page-options';
import { PipelinePoller } from './app/pipeline/pipeline-poller';
import { ReadApiClient } from './app/read-api/read-api-client';
import { LivePageServer } from './app/server/live-page-server';

/**
 * The live page of a local run: a web page that reads only the apps' public HTTP endpoints
 * (redis-sink's read API, every app's /metrics and /health). See docs/live-page.md.
 */
async function main(): Promise<void> {
  const options = readOptions(process.env, process.argv.slice(2));
  const poller = new PipelinePoller(options.apps, options.pollMs);
  await poller.start();
  // Beside main.js in dist (webpack copies src/public there), beside main.ts from source.
  const server = new LivePageServer(
    options,
    poller,
    new ReadApiClient(options.readApiUrl),
    join(__dirname, 'public'),
  );
  await server.listen();
  process.stdout.write(
    `live page on http://${options.host}:${options.port}/ reading ${options.apps.map((app) => `${app.name} ${app.url}`).join(', ')}; read API ${options.readApiUrl}\n`,
  );
  const stop = () => {
    poller.stop();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `live page failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
