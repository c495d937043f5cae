import { randomUUID } from 'node:crypto';

import { aContent, type ContentRow, type SourceDbFixture } from '@cdc/testing';

/** Yesterday, at a whole hour, as an ISO string; history rows are spread after it. */
export function yesterdayHour(): Date {
  const date = new Date(Date.now() - 86_400_000);
  date.setUTCMinutes(0, 0, 0);
  return date;
}

/**
 * Inserts `count` historical events spread over the contents, each with its own microsecond
 * event_ts (several share a millisecond, and pairs share a microsecond, to test the keyset).
 * Durations cycle through values with known figures, NULL included.
 */
export async function seedHistory(
  db: SourceDbFixture,
  contents: readonly ContentRow[],
  count: number,
  start: Date,
): Promise<string[]> {
  const durations = [7000, 60000, 9000, 0, null, 123456, 1];
  const types = ['play', 'pause', 'finish', 'click'] as const;
  const ids: string[] = [];
  for (let offset = 0; offset < count; offset += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - offset) }, (_, index) => {
      const n = offset + index;
      // Two rows per microsecond, 250 microseconds per millisecond pair: ties across pages.
      const micros = Math.floor(n / 2) * 250;
      const ms = start.getTime() + Math.floor(micros / 1000);
      const iso = `${new Date(ms).toISOString().slice(0, 19)}.${String((ms % 1000) * 1000 + (micros % 1000)).padStart(6, '0')}Z`;
      return {
        content_id: contents[n % contents.length]?.id ?? null,
        user_id: randomUUID(),
        event_type: types[n % types.length] ?? 'play',
        event_ts: iso,
        duration_ms: durations[n % durations.length] ?? null,
        device: n % 3 === 0 ? null : `device-${n % 5}`,
        raw_payload: n % 11 === 0 ? null : { n, tags: ['history', String(n % 7)] },
      };
    });
    ids.push(...(await db.insertEvents(rows)));
  }
  return ids;
}

export async function insertContents(
  db: SourceDbFixture,
  lengths: readonly (number | null)[],
): Promise<ContentRow[]> {
  const contents: ContentRow[] = [];
  for (const [index, length] of lengths.entries()) {
    contents.push(
      await db.insertContent(
        aContent({
          length_seconds: length,
          content_type: (['podcast', 'newsletter', 'video'] as const)[index % 3] ?? 'podcast',
        }),
      ),
    );
  }
  return contents;
}

/**
 * The enriched values Postgres itself computes for these ids, joined with the content as it
 * is now: the oracle the published records are compared with. Numeric arithmetic in SQL is
 * exact and rounds half away from zero, like the contract.
 */
export async function expectedEnriched(
  db: SourceDbFixture,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const rows = await db.query<Record<string, unknown> & { event_id: string }>(
    `SELECT e.id::text AS event_id, e.content_id, e.user_id, e.event_type,
       to_char(e.event_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS event_ts,
       e.duration_ms, e.device, e.raw_payload,
       c.slug AS content_slug, c.title AS content_title, c.content_type, c.length_seconds,
       to_char(c.publish_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS publish_ts,
       (e.duration_ms / 1000.0)::float8 AS engagement_seconds,
       CASE WHEN c.length_seconds IS NULL OR c.length_seconds = 0 OR e.duration_ms IS NULL THEN NULL
            ELSE round(e.duration_ms / 1000.0 / c.length_seconds * 100, 2)::float8 END AS engagement_pct
     FROM engagement_events e LEFT JOIN content c ON c.id = e.content_id
     WHERE e.id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.event_id,
      { schema_version: 1, ...row, source_ts_ms: null, source_lsn: null, origin: 'backfill' },
    ]),
  );
}
