import { isoMicrosSql } from '@cdc/source-db';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { BackfillRange } from './backfill-request';
import { type EventPageEntry, type EventPageRow, toPageEntry } from './event-page-row';
import { keysetCondition, type KeysetCursor } from './keyset-cursor';

const SELECT_COLUMNS = `
  e.id::text AS id, e.content_id AS content_id, e.user_id AS user_id, e.event_type AS event_type,
  ${isoMicrosSql('e.event_ts')} AS event_ts, e.duration_ms AS duration_ms, e.device AS device,
  e.raw_payload::text AS raw_payload,
  c.id AS c_id, c.slug AS c_slug, c.title AS c_title, c.content_type AS c_content_type,
  c.length_seconds AS c_length_seconds, ${isoMicrosSql('c.publish_ts')} AS c_publish_ts`;

/**
 * Reads `engagement_events` in (event_ts, id) order, one keyset page at a time, joined with
 * the CURRENT content row. Only one page is ever in memory, whatever the range's size.
 */
@Injectable()
export class EventPageReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async readPage(
    range: BackfillRange,
    cursor: KeysetCursor | null,
    limit: number,
  ): Promise<EventPageEntry[]> {
    const filter = rangeFilter(range);
    const keyset = keysetCondition(cursor, filter.params.length + 1);
    const limitParam = filter.params.length + keyset.params.length + 1;
    const rows = await this.dataSource.query<EventPageRow[]>(
      `SELECT ${SELECT_COLUMNS}
       FROM engagement_events e LEFT JOIN content c ON c.id = e.content_id
       WHERE ${filter.sql} AND ${keyset.sql}
       ORDER BY e.event_ts, e.id
       LIMIT $${limitParam}`,
      [...filter.params, ...keyset.params, limit],
    );
    return rows.map(toPageEntry);
  }

  /** Rows in the range, for progress. */
  async count(range: BackfillRange): Promise<number> {
    const filter = rangeFilter(range);
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*)::text AS count FROM engagement_events e WHERE ${filter.sql}`,
      filter.params,
    );
    return Number(row?.count ?? 0);
  }
}

/** [from, to) and the optional filters, as SQL with parameters $1..$4. */
export function rangeFilter(range: BackfillRange): { sql: string; params: unknown[] } {
  return {
    sql: `e.event_ts >= $1::timestamptz AND e.event_ts < $2::timestamptz
      AND ($3::uuid[] IS NULL OR e.content_id = ANY($3::uuid[]))
      AND ($4::text[] IS NULL OR e.event_type = ANY($4::text[]))`,
    params: [range.from, range.to, range.contentIds, range.eventTypes],
  };
}
