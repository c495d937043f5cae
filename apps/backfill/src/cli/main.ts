/**
 * Backfill CLI: `npm run backfill -- --help`. A thin client of the backfill HTTP API, so it
 * works against any deployment the operator can reach (BACKFILL_URL, BACKFILL_API_TOKEN).
 */
import { ApiError, BackfillApiClient } from './backfill-api-client';
import { type CliCommand, parseCliArguments, USAGE, UsageError } from './cli-arguments';
import { BarDisplay, LineDisplay, type ProgressDisplay } from './progress-display';
import { progressLine, summaryLine } from './progress-format';

const FINAL_STATUSES = new Set(['completed', 'failed', 'cancelled']);
const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCliArguments(argv);
  if (command.kind === 'help') {
    out(USAGE);
    return 0;
  }
  const token = process.env['BACKFILL_API_TOKEN'];
  if (!token) {
    throw new UsageError('BACKFILL_API_TOKEN must be set to the API token of the backfill service');
  }
  const client = new BackfillApiClient(
    process.env['BACKFILL_URL'] ?? 'http://127.0.0.1:3005',
    token,
  );
  return run(command, client);
}

async function run(
  command: Exclude<CliCommand, { kind: 'help' }>,
  client: BackfillApiClient,
): Promise<number> {
  switch (command.kind) {
    case 'start': {
      const { id } = await client.start(command.body);
      out(`backfill ${id} queued`);
      return command.wait ? watch(client, id) : 0;
    }
    case 'watch':
      return watch(client, command.id);
    case 'status': {
      const job = await client.get(command.id);
      out(command.json ? JSON.stringify(job, null, 2) : `backfill ${job.id} ${progressLine(job)}`);
      return 0;
    }
    case 'cancel': {
      const job = await client.cancel(command.id);
      out(`backfill ${job.id} cancelled at ${job.progress.rowsDone} rows`);
      return 0;
    }
    case 'list': {
      const { jobs } = await client.list();
      if (command.json) {
        out(JSON.stringify(jobs, null, 2));
      } else {
        for (const job of jobs) {
          out(
            `${job.id} ${job.createdAt} ${job.request.from}..${job.request.to} ${job.request.sinks.join(',')} ${progressLine(job)}`,
          );
        }
      }
      return 0;
    }
  }
}

/** Polls the job until it ends; exit code 0 only when it completed. */
async function watch(client: BackfillApiClient, id: string): Promise<number> {
  const terminal = process.stderr.isTTY === true;
  const display: ProgressDisplay = terminal ? new BarDisplay() : new LineDisplay(out, 2_000);
  process.once('SIGINT', () => {
    display.stop();
    err(
      `\nStopped watching. Backfill ${id} goes on; cancel it with: npm run backfill -- cancel ${id}`,
    );
    process.exit(130);
  });
  for (;;) {
    const job = await client.get(id);
    display.update(job);
    if (FINAL_STATUSES.has(job.status)) {
      display.stop();
      out(summaryLine(job));
      return job.status === 'completed' ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, terminal ? 250 : 500));
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      err(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof ApiError) {
      err(`The backfill API answered ${error.status}:`);
      for (const message of error.messages) {
        err(`  - ${message}`);
      }
      process.exit(error.status === 400 || error.status === 401 ? 2 : 1);
    }
    const cause = (error as { cause?: unknown } | null)?.cause;
    err(
      cause === undefined
        ? String(error)
        : `Cannot reach the backfill API at ${process.env['BACKFILL_URL'] ?? 'http://127.0.0.1:3005'}: ${cause instanceof Error ? cause.message || (cause as { code?: string }).code : String(cause)}`,
    );
    process.exit(1);
  },
);
