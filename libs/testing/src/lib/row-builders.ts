import { randomInt, randomUUID } from 'node:crypto';

export interface ContentRow {
  id: string;
  slug: string;
  title: string;
  content_type: 'podcast' | 'newsletter' | 'video' | null;
  length_seconds: number | null;
  publish_ts: string;
}

export interface EventRow {
  content_id: string | null;
  user_id: string | null;
  event_type: 'play' | 'pause' | 'finish' | 'click';
  event_ts: string;
  duration_ms: number | null;
  device: string | null;
  raw_payload: unknown;
}

/** A content row with unique id and slug; override what the test is about. */
export function aContent(overrides: Partial<ContentRow> = {}): ContentRow {
  const id = overrides.id ?? randomUUID();
  return {
    id,
    slug: `content-${id.slice(0, 8)}`,
    title: `Content ${id.slice(0, 8)}`,
    content_type: 'podcast',
    length_seconds: 300,
    publish_ts: '2026-01-02T03:04:05.000000Z',
    ...overrides,
  };
}

export function anEvent(overrides: Partial<EventRow> = {}): EventRow {
  return {
    content_id: null,
    user_id: randomUUID(),
    event_type: 'play',
    event_ts: new Date().toISOString(),
    duration_ms: 1000,
    device: 'web',
    raw_payload: { source: 'test' },
    ...overrides,
  };
}

/** An instant as Postgres prints a timestamptz in UTC, to the microsecond: 2026-11-22T10:15:30.123000Z. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

const EVENT_TYPES = ['play', 'pause', 'finish', 'click'] as const;

/**
 * `count` events spread at random over the contents: any type, a duration up to 10 minutes
 * (NULL one time in ten), an event_ts in the 30 minutes before `now`.
 */
export function randomEvents(
  contentIds: readonly string[],
  count: number,
  now = Date.now(),
): EventRow[] {
  return Array.from({ length: count }, () =>
    anEvent({
      content_id: contentIds[randomInt(0, contentIds.length)] ?? null,
      event_type: EVENT_TYPES[randomInt(0, EVENT_TYPES.length)] ?? 'play',
      duration_ms: randomInt(0, 10) === 0 ? null : randomInt(0, 600_000),
      event_ts: isoMicros(now - randomInt(0, 30 * 60_000)),
    }),
  );
}
