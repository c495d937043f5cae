import { describePayloadPath } from './payload-path';
import type { PayloadScalar, Predicate, Subject, Test } from './route-predicate';

const SYMBOLS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** One line for --check-routes, e.g. `event_type = "finish" and content_type in ("video")`. */
export function describePredicate(predicate: Predicate): string {
  switch (predicate.kind) {
    case 'test':
      return describeTest(predicate.subject, predicate.test);
    case 'and':
      return predicate.all.map((part) => nested(part, 'and')).join(' and ');
    case 'or':
      return predicate.any.map((part) => nested(part, 'or')).join(' or ');
    case 'not':
      return `not ${nested(predicate.predicate, 'not')}`;
  }
}

/** Parenthesised unless it binds tighter anyway: a test, a not, or the parent's own combinator. */
function nested(predicate: Predicate, parent: Predicate['kind']): string {
  const text = describePredicate(predicate);
  const bare = predicate.kind === 'test' || predicate.kind === 'not' || predicate.kind === parent;
  return bare ? text : `(${text})`;
}

function describeTest(subject: Subject, test: Test): string {
  const name = 'field' in subject ? subject.field : describePayloadPath(subject.payload);
  switch (test.op) {
    case 'exists':
      return `${name} ${test.value ? 'is set' : 'is null'}`;
    case 'in':
      return `${name} in (${test.values.map(scalar).join(', ')})`;
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return `${name} ${SYMBOLS[test.op]} ${scalar(test.value)}`;
  }
}

function scalar(value: PayloadScalar): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
