/**
 * @cdc/backfill-jobs: the backfill service's jobs and their runner. The backfill_jobs
 * entity (its migration is in @cdc/source-db, the database's single history) and its store
 * with leases and checkpoints; the keyset page reader over engagement_events; the worker
 * that claims jobs and runs them page by page onto the backfill topic (and the route topics
 * when a job targets `routes`), with its config part and metrics; the pure parts: keyset
 * cursor, token bucket, progress figures and the backfill record format. Depends on shared
 * libs only (contracts, enrichment, platform, kafka, source-db, route-publisher), never on an
 * app or a sink.
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
export * from './lib/backfill-worker.config';
export * from './lib/backfill-metrics';
export * from './lib/backfill-job-run';
export * from './lib/backfill-worker.service';
