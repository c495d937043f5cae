import type { ContentRecord } from '@cdc/enrichment';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** SQL that renders timestamps as ISO-8601 UTC with six fraction digits, which Date cannot hold. */
export const isoMicrosSql = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const CONTENT_COLUMNS = `id, slug, title, content_type AS "contentType", length_seconds AS "lengthSeconds",
  ${isoMicrosSql('publish_ts')} AS "publishTs"`;

/** Reads content the way enrichment needs it. */
@Injectable()
export class ContentLookup {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findAll(): Promise<ContentRecord[]> {
    return this.dataSource.query<ContentRecord[]>(`SELECT ${CONTENT_COLUMNS} FROM content`);
  }

  /** The current rows of these contents (those that exist). */
  async findByIds(ids: readonly string[]): Promise<ContentRecord[]> {
    if (ids.length === 0) {
      return [];
    }
    return this.dataSource.query<ContentRecord[]>(
      `SELECT ${CONTENT_COLUMNS} FROM content WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async findById(id: string): Promise<ContentRecord | null> {
    const rows = await this.dataSource.query<ContentRecord[]>(
      `SELECT ${CONTENT_COLUMNS} FROM content WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
