import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { isJsonObject } from '../json-value';
import { acceptsEnrichedEvent } from './accepts-enriched-event';
import {
  type EnrichedEngagementEventV1,
  EnrichedEngagementEventV1Schema,
} from './enriched-engagement-event.v1';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const REQUIRED_FIELDS: readonly (keyof EnrichedEngagementEventV1)[] = [
  'schema_version',
  'event_id',
  'content_id',
  'user_id',
  'event_type',
  'event_ts',
  'duration_ms',
  'device',
  'raw_payload',
  'content_slug',
  'content_title',
  'content_type',
  'length_seconds',
  'publish_ts',
  'engagement_seconds',
  'engagement_pct',
  'source_ts_ms',
  'source_lsn',
  'enriched_at',
  'origin',
];

/** Checks an untrusted value (e.g. a parsed Kafka record) against the v1 contract. */
export function validateEnrichedEvent(input: unknown): Validated<EnrichedEngagementEventV1> {
  if (!isJsonObject(input)) {
    return { ok: false, errors: ['value must be a JSON object'] };
  }
  if (acceptsEnrichedEvent(input)) {
    return { ok: true, value: input };
  }
  return validateWithSchema(input);
}

/** The class-validator schema alone: the authority, and the source of every error message. */
export function validateWithSchema(
  input: Record<string, unknown>,
): Validated<EnrichedEngagementEventV1> {
  const missing = REQUIRED_FIELDS.filter((field) => !(field in input));
  if (missing.length > 0) {
    return { ok: false, errors: missing.map((field) => `${field} is missing`) };
  }
  const instance = plainToInstance(EnrichedEngagementEventV1Schema, input);
  const errors = validateSync(instance, { forbidUnknownValues: true, whitelist: false });
  if (errors.length > 0) {
    return { ok: false, errors: flattenValidationErrors(errors) };
  }
  return { ok: true, value: input as unknown as EnrichedEngagementEventV1 };
}

/** Parses and validates the bytes of an enriched record. */
export function decodeEnrichedEvent(bytes: Buffer | null): Validated<EnrichedEngagementEventV1> {
  if (bytes === null) {
    return { ok: false, errors: ['record has no value (tombstone)'] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { ok: false, errors: [`value is not valid JSON: ${(error as Error).message}`] };
  }
  return validateEnrichedEvent(parsed);
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property)
        ? `${parent ? `${parent}.` : ''}${message}`
        : `${path}: ${message}`,
    );
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}
