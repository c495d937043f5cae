import type { JsonValue } from '@cdc/contracts';

import type { PathSegment } from './route-predicate';

export const PAYLOAD_PATH_HINT =
  'a list of keys and array indices, e.g. [campaign, id], or a dotted string, e.g. campaign.id';

/**
 * Reads a payload path as written in the routes file. A list names each step exactly: any
 * string is a key (unicode, dots and spaces included), an integer >= 0 an array index. A
 * dotted string is a shorthand that splits on "." and has keys only, so a key that contains
 * a dot needs the list form. Returns null when the path is malformed.
 */
export function parsePayloadPath(raw: unknown): PathSegment[] | null {
  if (typeof raw === 'string') {
    const segments = raw.split('.');
    return segments.every((segment) => segment.length > 0) ? segments : null;
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    return null;
  }
  const valid = raw.every(
    (segment: unknown) =>
      (typeof segment === 'string' && segment.length > 0) ||
      (typeof segment === 'number' && Number.isInteger(segment) && segment >= 0),
  );
  return valid ? (raw as PathSegment[]) : null;
}

/**
 * The value at the path, or null when a step is missing, steps into the wrong kind of value
 * (a key into an array, an index into an object, anything into a scalar) or lands on null.
 * Only own keys count, so "constructor" or "__proto__" never reach Object.prototype.
 */
export function resolvePayloadPath(
  payload: JsonValue | null,
  path: readonly PathSegment[],
): JsonValue | null {
  let current: JsonValue | null = payload;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') {
      return null;
    }
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) {
        return null;
      }
      current = current[segment] ?? null;
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, segment)) {
        return null;
      }
      current = current[segment] ?? null;
    }
  }
  return current;
}

const PLAIN_KEY = /^[\p{L}\p{N}_-]+$/u;

/** raw_payload.campaign.id, or raw_payload["a.b"][0] when a step is not a plain key. */
export function describePayloadPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') {
      return `${text}[${segment}]`;
    }
    return PLAIN_KEY.test(segment) ? `${text}.${segment}` : `${text}[${JSON.stringify(segment)}]`;
  }, 'raw_payload');
}
