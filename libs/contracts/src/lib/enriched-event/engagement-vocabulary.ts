export const CONTENT_TYPES = ['podcast', 'newsletter', 'video'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const EVENT_TYPES = ['play', 'pause', 'finish', 'click'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ORIGINS = ['cdc', 'backfill'] as const;
export type Origin = (typeof ORIGINS)[number];

export function isContentType(value: unknown): value is ContentType {
  return typeof value === 'string' && (CONTENT_TYPES as readonly string[]).includes(value);
}

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
