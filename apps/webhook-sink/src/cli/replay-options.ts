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

export function parseReplayArgs(argv: readonly string[]): ReplayOptions {
  const options: ReplayOptions = {
    eventIds: null,
    statuses: null,
    since: null,
    until: null,
    dryRun: false,
  };
  for (const arg of argv) {
    if (arg === '--') continue;
    if (arg === '--dry-run') {
      options.dryRun = true;
      continue;
    }
    const match = /^--(event-id|status|since|until)=(.+)$/.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg}\n${REPLAY_USAGE}`);
    const value = match[2] as string;
    switch (match[1] as 'event-id' | 'status' | 'since' | 'until') {
      case 'event-id':
        options.eventIds = new Set(list(value));
        break;
      case 'status':
        options.statuses = new Set(list(value));
        break;
      case 'since':
        options.since = instant(value, '--since');
        break;
      case 'until':
        options.until = instant(value, '--until');
        break;
    }
  }
  return options;
}

export function matchesReplay(letter: DeadLetterRecordV1, options: ReplayOptions): boolean {
  if (options.eventIds && (letter.event_id === null || !options.eventIds.has(letter.event_id)))
    return false;
  if (
    options.statuses &&
    !options.statuses.has(letter.last_status === null ? 'none' : String(letter.last_status))
  )
    return false;
  const failedAt = Date.parse(letter.failed_at);
  if (options.since !== null && failedAt < options.since) return false;
  if (options.until !== null && failedAt >= options.until) return false;
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
  if (Number.isNaN(parsed)) throw new Error(`${name} must be an ISO-8601 time, got ${value}`);
  return parsed;
}
