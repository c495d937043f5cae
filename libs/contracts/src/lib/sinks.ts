export const SINK_NAMES = ['redis', 'bigquery', 'webhook'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export function isSinkName(value: string): value is SinkName {
  return (SINK_NAMES as readonly string[]).includes(value);
}

/** Parses an x-target-sinks header. A missing header targets every sink. */
export function parseTargetSinks(header: string | undefined): readonly SinkName[] {
  if (header === undefined) {
    return SINK_NAMES;
  }
  return header
    .split(',')
    .map((name) => name.trim())
    .filter(isSinkName);
}

export function formatTargetSinks(sinks: readonly SinkName[]): string {
  return sinks.join(',');
}
