import {
  CONTENT_TYPES,
  type EnrichedEngagementEventV1,
  EVENT_TYPES,
  ORIGINS,
} from '@cdc/contracts';

/** Text fields a route can test with eq / in; a vocabulary, when the field has one. */
export const TEXT_FIELDS = {
  event_type: EVENT_TYPES,
  content_type: CONTENT_TYPES,
  device: null,
  origin: ORIGINS,
} as const satisfies Record<string, readonly string[] | null>;

/** Numeric fields a route can compare. */
export const NUMERIC_FIELDS = ['duration_ms', 'engagement_pct', 'length_seconds'] as const;

/** Boolean fields a route can test with eq: true / false; never NULL (absent is false). */
export const BOOLEAN_FIELDS = ['snapshot'] as const;

export type TextField = keyof typeof TEXT_FIELDS;
export type NumericField = (typeof NUMERIC_FIELDS)[number];
export type BooleanField = (typeof BOOLEAN_FIELDS)[number];
export type RouteField = TextField | NumericField | BooleanField;

export const ROUTE_FIELDS: readonly RouteField[] = [
  ...(Object.keys(TEXT_FIELDS) as TextField[]),
  ...NUMERIC_FIELDS,
  ...BOOLEAN_FIELDS,
];

export function isTextField(name: string): name is TextField {
  return Object.hasOwn(TEXT_FIELDS, name);
}

export function isNumericField(name: string): name is NumericField {
  return (NUMERIC_FIELDS as readonly string[]).includes(name);
}

export function isBooleanField(name: string): name is BooleanField {
  return (BOOLEAN_FIELDS as readonly string[]).includes(name);
}

/** The field's value in an event; null is NULL (content_type of an event without content, ...). */
export function fieldValue(
  event: EnrichedEngagementEventV1,
  field: RouteField,
): string | number | boolean | null {
  if (isBooleanField(field)) {
    // Records written before the field existed, and live changes, have no `snapshot`.
    return event[field] === true;
  }
  return event[field];
}
