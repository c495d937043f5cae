import { isJsonObject } from '@cdc/contracts';

import { describePayloadPath, parsePayloadPath, PAYLOAD_PATH_HINT } from './payload-path';
import {
  isBooleanField,
  isNumericField,
  isTextField,
  ROUTE_FIELDS,
  type RouteField,
  TEXT_FIELDS,
} from './route-fields';
import {
  type Comparison,
  COMPARISONS,
  type Operator,
  OPERATORS,
  type PayloadScalar,
  type Predicate,
  type Subject,
  type Test,
} from './route-predicate';

/** Deeper than any hand-written predicate; also stops YAML aliases that refer to themselves. */
export const MAX_PREDICATE_DEPTH = 32;

const COMBINATORS = ['and', 'or', 'not'] as const;
const PREDICATE_HINT = 'e.g. { field: event_type, eq: finish }';

export interface ParsedPredicate {
  predicate: Predicate | null;
  /** Each error starts with where it is, e.g. "where.and[1]: unknown field ...". */
  errors: string[];
}

/** Validates a predicate as written in the routes file; `at` names it in the messages. */
export function parsePredicate(raw: unknown, at = 'where'): ParsedPredicate {
  const errors: string[] = [];
  const predicate = parseNode(raw, at, 0, errors);
  return { predicate: errors.length === 0 ? predicate : null, errors };
}

function parseNode(raw: unknown, at: string, depth: number, errors: string[]): Predicate | null {
  if (depth > MAX_PREDICATE_DEPTH) {
    errors.push(`${at}: predicates nest deeper than ${MAX_PREDICATE_DEPTH} levels`);
    return null;
  }
  if (!isJsonObject(raw)) {
    errors.push(`${at}: must be a predicate mapping, ${PREDICATE_HINT}; got ${describeValue(raw)}`);
    return null;
  }
  const keys = Object.keys(raw);
  const combinator = COMBINATORS.find((name) => name in raw);
  if (combinator) {
    const others = keys.filter((key) => key !== combinator);
    if (others.length > 0) {
      errors.push(`${at}: ${combinator} takes no other keys; found ${quoteAll(others)}`);
      return null;
    }
    return parseCombinator(combinator, raw[combinator], at, depth, errors);
  }
  if ('field' in raw || 'payload' in raw) {
    return parseTest(raw, at, errors);
  }
  errors.push(
    keys.length === 0
      ? `${at}: empty predicate; it needs field, payload, and, or or not, ${PREDICATE_HINT}`
      : `${at}: a predicate needs field, payload, and, or or not; found ${quoteAll(keys)}`,
  );
  return null;
}

function parseCombinator(
  name: (typeof COMBINATORS)[number],
  raw: unknown,
  at: string,
  depth: number,
  errors: string[],
): Predicate | null {
  if (name === 'not') {
    const inner = parseNode(raw, `${at}.not`, depth + 1, errors);
    return inner && { kind: 'not', predicate: inner };
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push(`${at}: ${name} must be a non-empty list of predicates; got ${describeValue(raw)}`);
    return null;
  }
  const parts = raw.map((item, index) =>
    parseNode(item, `${at}.${name}[${index}]`, depth + 1, errors),
  );
  if (parts.some((part) => part === null)) {
    return null;
  }
  const valid = parts as Predicate[];
  return name === 'and' ? { kind: 'and', all: valid } : { kind: 'or', any: valid };
}

function parseTest(raw: Record<string, unknown>, at: string, errors: string[]): Predicate | null {
  if ('field' in raw && 'payload' in raw) {
    errors.push(`${at}: a test reads either a field or a payload path, not both`);
    return null;
  }
  const subjectKey = 'field' in raw ? 'field' : 'payload';
  const unknown = Object.keys(raw).filter(
    (key) => key !== subjectKey && !(OPERATORS as readonly string[]).includes(key),
  );
  if (unknown.length > 0) {
    errors.push(
      `${at}: unknown key${unknown.length > 1 ? 's' : ''} ${quoteAll(unknown)} (operators: ${OPERATORS.join(', ')})`,
    );
    return null;
  }
  const subject = parseSubject(raw, subjectKey, at, errors);
  const operators = OPERATORS.filter((op) => op in raw);
  const label = subject ? subjectLabel(subject) : subjectKey;
  if (operators.length !== 1) {
    errors.push(
      operators.length === 0
        ? `${at}: ${label} needs one operator: ${OPERATORS.join(', ')}`
        : `${at}: ${label} has ${operators.length} operators (${operators.join(', ')}); write one per test and combine tests with and`,
    );
    return null;
  }
  if (!subject) {
    return null;
  }
  const op = operators[0] as Operator;
  const test = parseOperand(subject, op, raw[op], at, errors);
  return test && { kind: 'test', subject, test };
}

function parseSubject(
  raw: Record<string, unknown>,
  key: 'field' | 'payload',
  at: string,
  errors: string[],
): Subject | null {
  const value = raw[key];
  if (key === 'payload') {
    const path = parsePayloadPath(value);
    if (path === null) {
      errors.push(`${at}: payload must be ${PAYLOAD_PATH_HINT}; got ${describeValue(value)}`);
      return null;
    }
    return { payload: path };
  }
  if (typeof value !== 'string') {
    errors.push(`${at}: field must be a field name; got ${describeValue(value)}`);
    return null;
  }
  if (!(ROUTE_FIELDS as readonly string[]).includes(value)) {
    errors.push(
      `${at}: unknown field ${JSON.stringify(value)} (fields: ${ROUTE_FIELDS.join(', ')})`,
    );
    return null;
  }
  return { field: value as RouteField };
}

function parseOperand(
  subject: Subject,
  op: Operator,
  raw: unknown,
  at: string,
  errors: string[],
): Test | null {
  const label = subjectLabel(subject);
  const fail = (operand: string, expected: string, value: unknown): null => {
    errors.push(`${at}: ${label} ${operand} must be ${expected}; got ${describeValue(value)}`);
    return null;
  };
  if (op === 'exists') {
    return typeof raw === 'boolean' ? { op, value: raw } : fail(op, 'true or false', raw);
  }
  if ((COMPARISONS as readonly string[]).includes(op)) {
    if ('field' in subject && !isNumericField(subject.field)) {
      const kind = isBooleanField(subject.field) ? 'true or false' : 'text';
      errors.push(`${at}: ${op} compares numbers; ${subject.field} is ${kind} (use eq or in)`);
      return null;
    }
    return isFiniteNumber(raw)
      ? { op: op as Comparison, value: raw }
      : fail(op, 'a finite number', raw);
  }
  if (op === 'eq') {
    const expected = unexpectedOperand(subject, raw);
    return expected === null ? { op, value: raw as PayloadScalar } : fail(op, expected, raw);
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    return fail(op, 'a non-empty list', raw);
  }
  let valid = true;
  raw.forEach((value: unknown, index) => {
    const expected = unexpectedOperand(subject, value);
    if (expected !== null) {
      valid = fail(`in[${index}]`, expected, value) ?? false;
    }
  });
  return valid ? { op: 'in', values: raw as PayloadScalar[] } : null;
}

/** What an eq / in operand of this subject must be, when this value is not that; else null. */
function unexpectedOperand(subject: Subject, value: unknown): string | null {
  const nullHint = ' (test NULL with exists: false)';
  if ('payload' in subject) {
    return typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value)
      ? null
      : `a string, a finite number or a boolean${nullHint}`;
  }
  const field = subject.field;
  if (isBooleanField(field)) {
    return typeof value === 'boolean' ? null : 'true or false';
  }
  if (!isTextField(field)) {
    return isFiniteNumber(value) ? null : `a finite number${nullHint}`;
  }
  if (typeof value !== 'string') {
    return `a string${nullHint}`;
  }
  const vocabulary: readonly string[] | null = TEXT_FIELDS[field];
  return vocabulary === null || vocabulary.includes(value)
    ? null
    : `one of ${vocabulary.join(', ')}`;
}

function subjectLabel(subject: Subject): string {
  return 'field' in subject ? subject.field : describePayloadPath(subject.payload);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function quoteAll(keys: readonly string[]): string {
  return keys.map((key) => JSON.stringify(key)).join(', ');
}

/** A value as an error message shows it: its type, and the value itself when short. */
export function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'nothing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? 'an empty list' : 'a list';
  }
  if (typeof value === 'object') {
    return 'a mapping';
  }
  if (typeof value === 'string') {
    return `string ${JSON.stringify(value)}`;
  }
  return `${typeof value} ${String(value)}`;
}
