const MINUTE_MS = 60_000;
const DAY_SECONDS = 86_400;

/** Minutes since the epoch of an instant in ms. */
export function epochMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS);
}

/** UTC minute stamp used in bucket key names, e.g. 202611221015. */
export function minuteStamp(minute: number): string {
  return new Date(minute * MINUTE_MS).toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/** UTC day stamp used in dedup key names, e.g. 20261122. */
export function dayStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** The minutes a window of `minutes` covers at `nowMs`: the current one and the (minutes - 1) before, oldest first. */
export function windowMinutes(nowMs: number, minutes: number): number[] {
  const current = epochMinute(nowMs);
  return Array.from({ length: minutes }, (_, index) => current - minutes + 1 + index);
}

/** A bucket is read until its minute leaves the longest window; two spare minutes cover clock skew between readers. */
export function bucketExpireAtSeconds(minute: number, windowMinutesKept: number): number {
  return (minute + windowMinutesKept) * 60 + 120;
}

/**
 * Dedup markers of a UTC day expire retentionDays after that day ends. Events are applied only
 * while younger than retentionDays, so a marker always outlives every event it guards.
 */
export function dedupExpireAtSeconds(eventMs: number, retentionDays: number): number {
  const day = new Date(eventMs);
  const nextDayStart =
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1) / 1000;
  return nextDayStart + retentionDays * DAY_SECONDS;
}

/** What the apply script decides for an event's window update, mirrored here for tests and docs. */
export function windowPlacement(
  eventMs: number,
  nowMs: number,
  minutes: number,
  maxSkewMs: number,
): 'in_window' | 'too_old' | 'future' {
  if (eventMs > nowMs + maxSkewMs) {
    return 'future';
  }
  return epochMinute(eventMs) < epochMinute(nowMs) - minutes + 1 ? 'too_old' : 'in_window';
}
