import { parseArgs } from 'node:util';

export interface StartCommand {
  kind: 'start';
  body: {
    from: string;
    to: string;
    sinks: string[];
    contentIds?: string[];
    eventTypes?: string[];
    rateLimit?: number;
  };
  wait: boolean;
}

export type CliCommand =
  | StartCommand
  | { kind: 'status'; id: string; json: boolean }
  | { kind: 'watch'; id: string }
  | { kind: 'cancel'; id: string }
  | { kind: 'list'; json: boolean }
  | { kind: 'help' };

export class UsageError extends Error {}

export const USAGE = `Usage:
  npm run backfill -- --from <iso> --to <iso> --sinks <redis,bigquery,webhook,routes>
                      [--content-ids <uuid,...>] [--event-types <play,pause,finish,click>]
                      [--rate-limit <rows/s>] [--no-wait]
  npm run backfill -- status <id> [--json]
  npm run backfill -- watch <id>
  npm run backfill -- cancel <id>
  npm run backfill -- list [--json]

Talks to the backfill HTTP API at BACKFILL_URL (default http://127.0.0.1:3005) with the
bearer token in BACKFILL_API_TOKEN. Starting a backfill shows its progress until it ends
(a live bar on a terminal, a line every few seconds otherwise); --no-wait only prints the id.`;

/** Parses the command line; the API validates the values themselves and names what is wrong. */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  const { values, positionals } = parseStrict(argv);
  if (values.help) {
    return { kind: 'help' };
  }
  const [command, id, ...extra] = positionals;
  if (extra.length > 0) {
    throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  }
  switch (command) {
    case undefined:
    case 'start':
      return startCommand(values);
    case 'status':
      return { kind: 'status', id: required(id, 'status needs a job id'), json: values.json };
    case 'watch':
      return { kind: 'watch', id: required(id, 'watch needs a job id') };
    case 'cancel':
      return { kind: 'cancel', id: required(id, 'cancel needs a job id') };
    case 'list':
      if (id !== undefined) {
        throw new UsageError(`unexpected argument: ${id}`);
      }
      return { kind: 'list', json: values.json };
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

function startCommand(values: Record<string, string | boolean | undefined>): StartCommand {
  const text = (name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const from = required(text('from'), '--from is required');
  const to = required(text('to'), '--to is required');
  const sinks = list(required(text('sinks'), '--sinks is required'));
  const body: StartCommand['body'] = { from, to, sinks };
  const contentIds = text('content-ids');
  if (contentIds !== undefined) {
    body.contentIds = list(contentIds);
  }
  const eventTypes = text('event-types');
  if (eventTypes !== undefined) {
    body.eventTypes = list(eventTypes);
  }
  const rateLimit = text('rate-limit');
  if (rateLimit !== undefined) {
    if (!/^\d+$/.test(rateLimit)) {
      throw new UsageError(
        `--rate-limit must be a whole number of rows per second, got ${rateLimit}`,
      );
    }
    body.rateLimit = Number(rateLimit);
  }
  return { kind: 'start', body, wait: values['no-wait'] !== true };
}

function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        sinks: { type: 'string' },
        'content-ids': { type: 'string' },
        'event-types': { type: 'string' },
        'rate-limit': { type: 'string' },
        'no-wait': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) {
    throw new UsageError(message);
  }
  return value;
}
