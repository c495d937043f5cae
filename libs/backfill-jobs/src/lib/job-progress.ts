/** Percentage of rows done, one decimal, never above 100 (rows inserted into the range after counting). */
export function progressPercent(
  rowsDone: number,
  rowsTotal: number | null,
  finished: boolean,
): number {
  if (rowsTotal === null) {
    return 0;
  }
  if (rowsTotal === 0) {
    return finished ? 100 : 0;
  }
  return Math.min(100, Math.floor((rowsDone / rowsTotal) * 1000) / 10);
}

/** Seconds left at the current rate, or null when it cannot be estimated. */
export function etaSeconds(
  rowsDone: number,
  rowsTotal: number | null,
  rowsPerSecond: number | null,
): number | null {
  if (rowsTotal === null || rowsPerSecond === null || rowsPerSecond <= 0) {
    return null;
  }
  return Math.max(0, Math.ceil((rowsTotal - rowsDone) / rowsPerSecond));
}

/** Rows per second over a claim of the job, two decimals. */
export function rowsPerSecond(rows: number, elapsedMs: number): number | null {
  if (elapsedMs <= 0) {
    return null;
  }
  return Math.round((rows / elapsedMs) * 1000 * 100) / 100;
}
