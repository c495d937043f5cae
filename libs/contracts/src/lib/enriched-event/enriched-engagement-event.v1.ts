import {
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateIf,
} from 'class-validator';

import type { JsonValue } from '../json-value';
import {
  CONTENT_TYPES,
  type ContentType,
  EVENT_TYPES,
  type EventType,
  type Origin,
  ORIGINS,
} from './engagement-vocabulary';

/** ISO-8601 UTC with exactly six fraction digits, e.g. 2026-11-22T10:15:30.123456Z. */
export const ISO_MICROS_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A BIGSERIAL id, carried as a decimal string so it never loses precision in JSON. */
export const EVENT_ID_PATTERN = /^[1-9]\d{0,18}$/;

/**
 * engagement.enriched.v1: one engagement event joined with its content.
 * Nullable fields are always present (null, never absent), so every consumer sees one shape.
 */
export interface EnrichedEngagementEventV1 {
  schema_version: 1;
  event_id: string;
  content_id: string | null;
  user_id: string | null;
  event_type: EventType;
  event_ts: string;
  duration_ms: number | null;
  device: string | null;
  raw_payload: JsonValue | null;
  content_slug: string | null;
  content_title: string | null;
  content_type: ContentType | null;
  length_seconds: number | null;
  publish_ts: string | null;
  /** duration_ms / 1000, exact to the millisecond. */
  engagement_seconds: number | null;
  /** round(engagement_seconds / length_seconds * 100, 2), half away from zero. */
  engagement_pct: number | null;
  /** Commit time in Postgres (Debezium source.ts_ms); null for backfilled events. */
  source_ts_ms: number | null;
  /** WAL position of the change (Debezium source.lsn); null for backfilled events. */
  source_lsn: number | null;
  enriched_at: string;
  origin: Origin;
  /**
   * Present, and true, only on a snapshot read (Debezium op "r", or source.snapshot other than
   * "false"): the row was copied from the table by an initial or incremental snapshot, not
   * changed now. Absent on live changes and on backfills, so their records stay byte for byte
   * what they were; readers treat an absent field as false (records written before it existed).
   */
  snapshot?: boolean;
}

/** Runtime validation twin of EnrichedEngagementEventV1 (class-validator). */
export class EnrichedEngagementEventV1Schema implements EnrichedEngagementEventV1 {
  @Equals(1)
  schema_version!: 1;

  @Matches(EVENT_ID_PATTERN, { message: 'event_id must be a positive integer string' })
  event_id!: string;

  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  content_id!: string | null;

  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  user_id!: string | null;

  @IsIn(EVENT_TYPES)
  event_type!: EventType;

  @Matches(ISO_MICROS_PATTERN, { message: 'event_ts must be ISO-8601 UTC with microseconds' })
  event_ts!: string;

  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  duration_ms!: number | null;

  @ValidateIf((_, value) => value !== null)
  @IsString()
  device!: string | null;

  raw_payload!: JsonValue | null;

  @ValidateIf((_, value) => value !== null)
  @IsString()
  content_slug!: string | null;

  @ValidateIf((_, value) => value !== null)
  @IsString()
  content_title!: string | null;

  @ValidateIf((_, value) => value !== null)
  @IsIn(CONTENT_TYPES)
  content_type!: ContentType | null;

  @ValidateIf((_, value) => value !== null)
  @IsInt()
  length_seconds!: number | null;

  @ValidateIf((_, value) => value !== null)
  @Matches(ISO_MICROS_PATTERN, { message: 'publish_ts must be ISO-8601 UTC with microseconds' })
  publish_ts!: string | null;

  @ValidateIf((_, value) => value !== null)
  @IsNumber()
  engagement_seconds!: number | null;

  @ValidateIf((_, value) => value !== null)
  @IsNumber()
  engagement_pct!: number | null;

  @ValidateIf((_, value) => value !== null)
  @IsInt()
  source_ts_ms!: number | null;

  @ValidateIf((_, value) => value !== null)
  @IsInt()
  source_lsn!: number | null;

  @IsISO8601({ strict: true })
  enriched_at!: string;

  @IsIn(ORIGINS)
  origin!: Origin;

  // Absent is allowed (records written before the field); null is not, it is never written.
  @ValidateIf((_, value) => value !== undefined)
  @IsBoolean()
  snapshot?: boolean;
}
