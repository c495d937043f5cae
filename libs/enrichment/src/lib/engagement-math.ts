/** engagement_seconds = duration_ms / 1000, exact to the millisecond; NULL stays NULL. */
export function engagementSeconds(durationMs: number | null): number | null {
  return durationMs === null ? null : durationMs / 1000;
}

/**
 * engagement_pct = round(duration_ms / 1000 / length_seconds * 100, 2), rounding half away
 * from zero like SQL's ROUND(numeric). Worked in integer hundredths of a percent
 * (duration_ms * 10 / length_seconds) so that no binary floating-point error can move a
 * value across a rounding boundary. NULL when an input is NULL or the length is not positive.
 */
export function engagementPct(
  durationMs: number | null,
  lengthSeconds: number | null,
): number | null {
  if (durationMs === null || lengthSeconds === null || lengthSeconds <= 0) {
    return null;
  }
  const numerator = Math.abs(durationMs) * 10;
  const hundredths = Math.floor((2 * numerator + lengthSeconds) / (2 * lengthSeconds));
  const signed = durationMs < 0 ? -hundredths : hundredths;
  return signed / 100;
}
