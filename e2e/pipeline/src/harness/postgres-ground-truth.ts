import type { ContentStats } from '@cdc/redis-store';
import { isoMicrosSql } from '@cdc/source-db';
import { aContent, type ContentRow, type SourceDbFixture } from '@cdc/testing';

interface TruthRow {
  id: string;
  events: number;
  play: number;
  pause: number;
  finish: number;
  click: number;
  ms_sum: string;
  ms_count: number;
  pct_hundredths: string;
  pct_count: number;
  last_event_ts: string;
}

/**
 * The totals the sink must hold for these contents, computed by SQL from engagement_events.
 * engagement_pct = ROUND(duration_ms / 1000 / length_seconds * 100, 2), in numeric like the enrichment.
 */
export async function groundTruth(
  db: SourceDbFixture,
  contentIds: readonly string[],
): Promise<Record<string, Partial<ContentStats>>> {
  const rows = await db.query<TruthRow>(
    `SELECT e.content_id::text AS id,
            count(*)::int AS events,
            count(*) FILTER (WHERE e.event_type = 'play')::int AS play,
            count(*) FILTER (WHERE e.event_type = 'pause')::int AS pause,
            count(*) FILTER (WHERE e.event_type = 'finish')::int AS finish,
            count(*) FILTER (WHERE e.event_type = 'click')::int AS click,
            coalesce(sum(e.duration_ms), 0)::text AS ms_sum,
            count(e.duration_ms)::int AS ms_count,
            coalesce(sum(round(e.duration_ms::numeric / (c.length_seconds * 10), 2) * 100) FILTER (WHERE c.length_seconds > 0), 0)::bigint::text AS pct_hundredths,
            count(e.duration_ms) FILTER (WHERE c.length_seconds > 0)::int AS pct_count,
            ${isoMicrosSql('max(e.event_ts)')} AS last_event_ts
       FROM engagement_events e JOIN content c ON c.id = e.content_id
      WHERE e.content_id = ANY($1::uuid[])
      GROUP BY e.content_id`,
    [contentIds],
  );
  return Object.fromEntries(
    rows.map((row) => [
      row.id,
      {
        events: row.events,
        events_by_type: { play: row.play, pause: row.pause, finish: row.finish, click: row.click },
        engagement_seconds_sum: Number(row.ms_sum) / 1000,
        engagement_seconds_count: row.ms_count,
        engagement_pct_sum: Number(row.pct_hundredths) / 100,
        engagement_pct_count: row.pct_count,
        last_event_ts: row.last_event_ts,
      },
    ]),
  );
}

/**
 * Five contents whose lengths exercise every engagement_pct rule: a whole ratio, a rounding
 * one, a tiny length, no type and no length (NULL), and a zero length (NULL, no division).
 */
export function insertEdgeCaseContents(db: SourceDbFixture): Promise<ContentRow[]> {
  return Promise.all(
    [
      { content_type: 'podcast' as const, length_seconds: 1800 },
      { content_type: 'video' as const, length_seconds: 333 },
      { content_type: 'newsletter' as const, length_seconds: 7 },
      { content_type: null, length_seconds: null },
      { content_type: 'video' as const, length_seconds: 0 },
    ].map((overrides) => db.insertContent(aContent(overrides))),
  );
}
