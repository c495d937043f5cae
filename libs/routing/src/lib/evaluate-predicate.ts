import type { EnrichedEngagementEventV1, JsonValue } from '@cdc/contracts';

import { resolvePayloadPath } from './payload-path';
import { fieldValue } from './route-fields';
import type { Predicate, Subject, Test } from './route-predicate';

export type EventMatcher = (event: EnrichedEngagementEventV1) => boolean;

/**
 * Compiles a validated predicate into a function. Two-valued logic: a NULL (a null field, a
 * missing payload path, a JSON null at the path) fails every test except `exists: false`, and
 * `not` turns that false into true. (SQL's three-valued logic would drop the row either way;
 * here `not { field: device, eq: ios }` keeps the events without a device.)
 */
export function compilePredicate(predicate: Predicate): EventMatcher {
  switch (predicate.kind) {
    case 'test': {
      const read = reader(predicate.subject);
      const test = tester(predicate.test);
      return (event) => test(read(event));
    }
    case 'and': {
      const parts = predicate.all.map(compilePredicate);
      return (event) => parts.every((part) => part(event));
    }
    case 'or': {
      const parts = predicate.any.map(compilePredicate);
      return (event) => parts.some((part) => part(event));
    }
    case 'not': {
      const inner = compilePredicate(predicate.predicate);
      return (event) => !inner(event);
    }
  }
}

function reader(subject: Subject): (event: EnrichedEngagementEventV1) => JsonValue | null {
  if ('field' in subject) {
    return (event) => fieldValue(event, subject.field);
  }
  const path = subject.payload;
  return (event) => resolvePayloadPath(event.raw_payload, path);
}

/** Equality is strict: no coercion ("1" is not 1), strings compared code point by code point. */
function tester(test: Test): (value: JsonValue | null) => boolean {
  switch (test.op) {
    case 'exists':
      return (value) => (value !== null) === test.value;
    case 'eq':
      return (value) => value === test.value;
    case 'in': {
      const values = new Set<JsonValue>(test.values);
      return (value) => value !== null && values.has(value);
    }
    case 'gt':
      return (value) => typeof value === 'number' && value > test.value;
    case 'gte':
      return (value) => typeof value === 'number' && value >= test.value;
    case 'lt':
      return (value) => typeof value === 'number' && value < test.value;
    case 'lte':
      return (value) => typeof value === 'number' && value <= test.value;
  }
}
