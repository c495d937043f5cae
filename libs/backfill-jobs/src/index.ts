/**
 * @cdc/backfill-jobs: what the backfill service persists and reads. The backfill_jobs
 * entity (its migration is in @cdc/source-db, the database's single history) and its store
 * with leases and checkpoints; the keyset page reader over engagement_events; the pure
 * parts: keyset cursor, token bucket, progress figures and the backfill record format.
 */
export * from './lib/backfill-job-status';
export * from './lib/backfill-request';
export * from './lib/backfill-job.entity';
export * from './lib/backfill-job-store';
export * from './lib/keyset-cursor';
export * from './lib/token-bucket';
export * from './lib/job-progress';
export * from './lib/event-page-row';
export * from './lib/event-page-reader';
export * from './lib/backfill-record';
