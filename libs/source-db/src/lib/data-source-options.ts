import type { DataSourceOptions } from 'typeorm';

import { ContentEntity } from './entities/content.entity';
import { EngagementEventEntity } from './entities/engagement-event.entity';
import { SOURCE_MIGRATIONS } from './migrations';
import type { PostgresConfig } from './postgres.config';

export const SOURCE_ENTITIES = [ContentEntity, EngagementEventEntity];

/**
 * Connection options shared by the apps and the migration command. The schema is owned by
 * migrations only: synchronize is off everywhere.
 */
export function sourceDataSourceOptions(
  config: PostgresConfig,
  extra: {
    entities?: DataSourceOptions['entities'];
    migrations?: DataSourceOptions['migrations'];
  } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.PG_HOST,
    port: config.PG_PORT,
    database: config.PG_DATABASE,
    username: config.PG_USER,
    password: config.PG_PASSWORD,
    ssl: config.PG_SSL ? { rejectUnauthorized: true } : false,
    entities: [...SOURCE_ENTITIES, ...((extra.entities as []) ?? [])],
    migrations: [...SOURCE_MIGRATIONS, ...((extra.migrations as []) ?? [])],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    extra: { max: config.PG_POOL_SIZE, connectionTimeoutMillis: 5_000 },
  };
}
