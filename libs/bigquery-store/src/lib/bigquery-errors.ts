/**
 * What to do about a failed BigQuery request:
 * - transient: the same request may succeed later (network, 5xx, a rate limit or quota, a full
 *   DML queue, a concurrent DML conflict, auth or a missing table an operator can fix): retry
 *   it, with backoff; the rows are fine;
 * - rejected: BigQuery refuses this content (a value that does not fit its column, a request
 *   too large, a job that needs too many resources): the same rows cannot succeed, so the
 *   batch is split to find the row.
 */
export type FailureKind = 'transient' | 'rejected';

/**
 * Why, in a few values (the `cause` label of cdc_bigquery_sink_merge_failures_total):
 * rate_limit, quota and dml_queue_full are BigQuery protecting itself (wait), concurrent_update
 * a lost DML race (retry), not_found a dataset or table to create again, unavailable anything
 * else transient (network, 5xx, auth); invalid and resources are rejections.
 */
export type FailureCause =
  | 'rate_limit'
  | 'quota'
  | 'dml_queue_full'
  | 'concurrent_update'
  | 'not_found'
  | 'unavailable'
  | 'invalid'
  | 'resources';

export interface ClassifiedFailure {
  kind: FailureKind;
  cause: FailureCause;
  reason: string;
  /** The dataset or table does not exist (any more). */
  notFound?: boolean;
}

/** Short-term limits: Google's guidance is to retry after a few seconds with exponential backoff. */
const RATE_LIMIT_REASONS = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'jobRateLimitExceeded',
]);

const DML_QUEUE_FULL = /too many DML statements outstanding against table/i;

const REJECTION_REASONS = new Set(['invalidQuery', 'invalid', 'badRequest', 'responseTooLarge']);

interface BigQueryErrorShape {
  code?: unknown;
  message?: unknown;
  errors?: { reason?: string; message?: string }[];
}

/**
 * The order matters: BigQuery answers several limits with HTTP 400 (a full DML queue is
 * `400 resourcesExceeded: Resources exceeded during query execution: Too many DML statements
 * outstanding against table …, limit is 20`, a lost race is `400 invalidQuery: Could not
 * serialize access …`), so the limits are recognised before a 400 or a rejection reason can
 * count as a refusal of the rows, which would split the batch and dead-letter a good row.
 */
export function classifyBigQueryError(error: unknown): ClassifiedFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as BigQueryErrorShape;
  const details = Array.isArray(shape.errors) ? shape.errors : [];
  const message = describeBigQueryError(error);
  const reasons = details.map((detail) => detail.reason ?? '');
  const transient = (cause: FailureCause): ClassifiedFailure => ({
    kind: 'transient',
    cause,
    reason: message,
  });
  // Snapshot isolation: a DML statement that lost a race with another on the same partition.
  if (/concurrent update|could not serialize access/i.test(message)) {
    return transient('concurrent_update');
  }
  // More than 20 mutating DML statements queued on the table: the queue drains by itself.
  if (
    details.some(
      (detail) =>
        detail.reason === 'resourcesExceeded' && DML_QUEUE_FULL.test(detail.message ?? ''),
    )
  ) {
    return transient('dml_queue_full');
  }
  // By reason only: a message can quote the rows' own text.
  if (reasons.some((reason) => RATE_LIMIT_REASONS.has(reason))) {
    return transient('rate_limit');
  }
  if (reasons.includes('quotaExceeded')) {
    return transient('quota');
  }
  // A smaller batch needs fewer resources: split. A single row still over is dead-lettered.
  if (reasons.includes('resourcesExceeded')) {
    return { kind: 'rejected', cause: 'resources', reason: message };
  }
  if (
    reasons.some((reason) => REJECTION_REASONS.has(reason)) ||
    shape.code === 400 ||
    shape.code === 413
  ) {
    return { kind: 'rejected', cause: 'invalid', reason: message };
  }
  if (shape.code === 404 || reasons.includes('notFound')) {
    return { ...transient('not_found'), notFound: true };
  }
  return transient('unavailable');
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
