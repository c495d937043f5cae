import type { RouteField } from './route-fields';

/** One step into raw_payload: an object key (any string), or an array index. */
export type PathSegment = string | number;

/** A JSON scalar a payload value can equal. */
export type PayloadScalar = string | number | boolean;

export const COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** What a test reads: an enriched field, or a path inside raw_payload. */
export type Subject = { field: RouteField } | { payload: readonly PathSegment[] };

/** What a test checks of the value it read; every test but `exists` is false on NULL. */
export type Test =
  | { op: 'eq'; value: PayloadScalar }
  | { op: 'in'; values: readonly PayloadScalar[] }
  | { op: Comparison; value: number }
  | { op: 'exists'; value: boolean };

/** A route's predicate, as validated from the routes file. */
export type Predicate =
  | { kind: 'test'; subject: Subject; test: Test }
  | { kind: 'and'; all: readonly Predicate[] }
  | { kind: 'or'; any: readonly Predicate[] }
  | { kind: 'not'; predicate: Predicate };

export const OPERATORS = ['eq', 'in', ...COMPARISONS, 'exists'] as const;
export type Operator = (typeof OPERATORS)[number];
