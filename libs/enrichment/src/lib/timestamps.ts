const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Normalises an ISO-8601 timestamp (as Debezium's ZonedTimestamp or Postgres prints it) to
 * UTC with exactly six fraction digits, keeping the microseconds that Date would drop.
 * Returns null for anything else, including Debezium's "infinity".
 */
export function toIsoMicros(value: string): string | null {
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) {
    return null;
  }
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const wholeSecondsMs = Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second!);
  if (Number.isNaN(wholeSecondsMs)) {
    return null;
  }
  const utcMs = wholeSecondsMs - zoneOffsetMinutes(zone) * 60_000;
  const date = new Date(utcMs);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 1) {
    return null;
  }
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  return `${date.toISOString().slice(0, 19)}.${micros}Z`;
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === 'Z') {
    return 0;
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** Epoch milliseconds of a normalised timestamp (the microseconds are truncated). */
export function isoMicrosToEpochMs(isoMicros: string): number {
  return Date.parse(`${isoMicros.slice(0, 23)}Z`);
}
