/**
 * @cdc/source-db: the Postgres source of truth: TypeORM entities and migrations for
 * `content` and `engagement_events`, the connection module with its readiness check, and
 * read helpers that keep microsecond timestamps exact. Depends on platform and domain types.
 */
export * from './lib/postgres.config';
export * from './lib/data-source-options';
export * from './lib/entities/content.entity';
export * from './lib/entities/engagement-event.entity';
export * from './lib/content-lookup';
export * from './lib/source-db.module';
export * from './lib/replication-slot/replication-slot.config';
export * from './lib/replication-slot/replication-slot-state';
export * from './lib/replication-slot/replication-slot.monitor';
export * from './lib/replication-slot/replication-slot-monitor.module';
