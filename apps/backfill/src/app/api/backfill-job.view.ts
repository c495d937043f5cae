import {
  type BackfillJobEntity,
  etaSeconds,
  isFinalStatus,
  progressPercent,
} from '@cdc/backfill-jobs';

/** How the API shows a job: the request, progress figures, errors and who runs it. */
export function toJobView(job: BackfillJobEntity) {
  const finished = isFinalStatus(job.status);
  return {
    id: job.id,
    status: job.status,
    queue: job.queue,
    request: {
      from: job.rangeFrom,
      to: job.rangeTo,
      contentIds: job.contentIds,
      eventTypes: job.eventTypes,
      sinks: job.sinks,
      rateLimit: job.rateLimit,
    },
    progress: {
      percent: progressPercent(job.rowsDone, job.rowsTotal, job.status === 'completed'),
      rowsDone: job.rowsDone,
      rowsTotal: job.rowsTotal,
      pagesDone: job.pagesDone,
      recordsPublished: job.recordsPublished,
      rowsPerSecond: job.rowsPerSecond,
      etaSeconds: finished ? null : etaSeconds(job.rowsDone, job.rowsTotal, job.rowsPerSecond),
    },
    cursor:
      job.cursorEventTs === null || job.cursorId === null
        ? null
        : { eventTs: job.cursorEventTs, id: job.cursorId },
    errors: { count: job.errorCount, last: job.lastError },
    worker: {
      owner: job.owner,
      claims: job.claims,
      heartbeatAt: job.heartbeatAt?.toISOString() ?? null,
      leaseExpiresAt: job.leaseExpiresAt?.toISOString() ?? null,
    },
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    updatedAt: job.updatedAt.toISOString(),
  };
}

export type BackfillJobView = ReturnType<typeof toJobView>;
