/**
 * What to do about a failed BigQuery request:
 * - transient: the same request may succeed later (network, 5xx, quota, a concurrent DML
 *   conflict, auth or a missing table an operator can fix): retry it, with backoff;
 * - rejected: BigQuery refuses this content (a value that does not fit its column, a request
 *   too large): retrying the same rows cannot help, so the batch is split to find the row.
 */
export type FailureKind = 'transient' | 'rejected';

export interface ClassifiedFailure {
  kind: FailureKind;
  reason: string;
  /** The dataset or table does not exist (any more). */
  notFound?: boolean;
}

const REJECTION_REASONS = new Set([
  'invalidQuery',
  'invalid',
  'badRequest',
  'resourcesExceeded',
  'responseTooLarge',
]);

interface BigQueryErrorShape {
  code?: unknown;
  message?: unknown;
  errors?: { reason?: string; message?: string }[];
}

export function classifyBigQueryError(error: unknown): ClassifiedFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as BigQueryErrorShape;
  const details = Array.isArray(shape.errors) ? shape.errors : [];
  const message = describeBigQueryError(error);
  // Snapshot isolation: a DML statement that lost a race with another on the same partition.
  if (/concurrent update|could not serialize access/i.test(message)) {
    return { kind: 'transient', reason: message };
  }
  const reasons = details.map((detail) => detail.reason ?? '');
  if (reasons.some((reason) => REJECTION_REASONS.has(reason))) {
    return { kind: 'rejected', reason: message };
  }
  if (shape.code === 400 || shape.code === 413) {
    return { kind: 'rejected', reason: message };
  }
  if (shape.code === 404 || reasons.includes('notFound')) {
    return { kind: 'transient', reason: message, notFound: true };
  }
  return { kind: 'transient', reason: message };
}

/** The most specific text available: per-error messages first, then the error's own. */
export function describeBigQueryError(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as BigQueryErrorShape;
  const details = (Array.isArray(shape.errors) ? shape.errors : [])
    .map((detail) => [detail.reason, detail.message].filter(Boolean).join(': '))
    .filter((text) => text.length > 0);
  const own = typeof shape.message === 'string' ? shape.message : String(error);
  const text = details.length > 0 ? details.join('; ') : own;
  return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
}
