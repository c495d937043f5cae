export const BACKFILL_JOB_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
] as const;
export type BackfillJobStatus = (typeof BACKFILL_JOB_STATUSES)[number];

/** Statuses a worker may still pick up; the others are final. */
export const ACTIVE_JOB_STATUSES: readonly BackfillJobStatus[] = ['queued', 'running'];

export function isFinalStatus(status: BackfillJobStatus): boolean {
  return !ACTIVE_JOB_STATUSES.includes(status);
}
