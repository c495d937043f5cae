import { parseArgs } from 'node:util';

import type { DeadLetterRecordV1 } from '@cdc/contracts';

export interface ReplayOptions {
  eventIds: ReadonlySet<string> | null;
  /** Last HTTP statuses to match; "none" matches letters without a status (network, timeout, breaker). */
  statuses: ReadonlySet<string> | null;
  /** Inclusive lower and exclusive upper bound on failed_at. */
  since: number | null;
  until: number | null;
  dryRun: boolean;
}

export const REPLAY_USAGE = `Usage: npx nx run webhook-sink:replay-dlq -- [--event-id=1,2] [--status=400,503,none] [--since=ISO] [--until=ISO] [--dry-run]
Re-delivers dead letters of engagement.webhook-sink.dlq.v1 (read up to its current end) to WEBHOOK_URL.`;

const REPLAY_FLAGS = {
  'event-id': { type: 'string' },
  status: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

/** What parseArgs reports per argument; node:util does not export the type. */
type ArgumentToken =
  | { kind: 'option'; index: number; name: string; value?: string; inlineValue?: boolean }
  | { kind: 'positional'; index: number; value: string }
  | { kind: 'option-terminator'; index: number };

export function parseReplayArgs(argv: readonly string[]): ReplayOptions {
  // nx hands its "--" separator on; it is not one of our arguments.
  const args = argv.filter((arg) => arg !== '--');
  // Not strict: its errors would name the option, not the argument as typed, and omit the usage.
  const { values, tokens } = parseArgs({
    args,
    options: REPLAY_FLAGS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const refused = tokens.find((token) => !isWellFormed(token));
  if (refused) {
    throw new Error(`Unknown argument ${args[refused.index]}\n${REPLAY_USAGE}`);
  }
  const text = (name: keyof typeof REPLAY_FLAGS) => {
    const value = values[name];
    return typeof value === 'string' ? value : null;
  };
  const eventIds = text('event-id');
  const statuses = text('status');
  const since = text('since');
  const until = text('until');
  return {
    eventIds: eventIds === null ? null : new Set(list(eventIds)),
    statuses: statuses === null ? null : new Set(list(statuses)),
    since: since === null ? null : instant(since, '--since'),
    until: until === null ? null : instant(until, '--until'),
    dryRun: values['dry-run'] === true,
  };
}

/** Known flags only, values only as `--flag=value` (the usage's form), never positionals. */
function isWellFormed(token: ArgumentToken): boolean {
  switch (token.kind) {
    case 'positional':
    case 'option-terminator':
      return false;
    case 'option':
      if (!Object.hasOwn(REPLAY_FLAGS, token.name)) {
        return false;
      }
      return REPLAY_FLAGS[token.name as keyof typeof REPLAY_FLAGS].type === 'boolean'
        ? token.value === undefined
        : token.inlineValue === true && token.value !== '';
  }
}

export function matchesReplay(letter: DeadLetterRecordV1, options: ReplayOptions): boolean {
  if (options.eventIds && (letter.event_id === null || !options.eventIds.has(letter.event_id))) {
    return false;
  }
  if (
    options.statuses &&
    !options.statuses.has(letter.last_status === null ? 'none' : String(letter.last_status))
  ) {
    return false;
  }
  const failedAt = Date.parse(letter.failed_at);
  if (options.since !== null && failedAt < options.since) {
    return false;
  }
  if (options.until !== null && failedAt >= options.until) {
    return false;
  }
  return true;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function instant(value: string, name: string): number {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) {
    throw new Error(`${name} must be an ISO-8601 time, got ${value}`);
  }
  return parsed;
}
