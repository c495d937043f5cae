/** Numbers as the page shows them: plain, never locale-dependent, so tests can read them. */
export function formatRate(perSecond: number | null): string {
  return perSecond === null ? '–' : perSecond.toFixed(1);
}

/** Milliseconds below 10 s, else seconds with one decimal; "> 60.0 s" past the last finite bucket. */
export function formatLatency(quantile: { seconds: number; above: boolean } | null): string {
  if (quantile === null) {
    return '–';
  }
  const { seconds, above } = quantile;
  const text = seconds < 10 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`;
  return above ? `> ${text}` : text;
}

export function formatCount(value: number | null): string {
  return value === null ? '–' : String(Math.round(value));
}

/** The API's own number, unrounded (scores are exact: seconds are milliseconds / 1000). */
export function formatScore(value: number): string {
  return String(value);
}

/** HH:MM:SS in UTC, what the "last update" line shows. */
export function formatClock(at: Date): string {
  return at.toISOString().slice(11, 19);
}
