export const SINK_NAMES = ['redis', 'bigquery', 'webhook'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export function isSinkName(value: string): value is SinkName {
  return (SINK_NAMES as readonly string[]).includes(value);
}

/** A backfill target that is not a sink: the route topics of the backfill's ROUTES_FILE. */
export const ROUTES_TARGET = 'routes';

/** What a backfill can target, in its request and in x-target-sinks: the sinks and `routes`. */
export const BACKFILL_TARGETS = [...SINK_NAMES, ROUTES_TARGET] as const;
export type BackfillTarget = (typeof BACKFILL_TARGETS)[number];

/**
 * Parses an x-target-sinks header into the sinks it names. A missing header targets every
 * sink; other names (`routes`) are not sinks and are left out.
 */
export function parseTargetSinks(header: string | undefined): readonly SinkName[] {
  if (header === undefined) {
    return SINK_NAMES;
  }
  return header
    .split(',')
    .map((name) => name.trim())
    .filter(isSinkName);
}

export function formatTargetSinks(sinks: readonly BackfillTarget[]): string {
  return sinks.join(',');
}
