/**
 * Applies pending migrations: `npm run db:migrate` (PG_* variables, see README).
 * Kept out of app start-up so that several replicas never race to migrate.
 */
import 'reflect-metadata';

import { loadEnvironment } from '@cdc/platform';
import { DataSource } from 'typeorm';

import { sourceDataSourceOptions } from '../lib/data-source-options';
import { PostgresConfig } from '../lib/postgres.config';

async function migrate(): Promise<void> {
  const config = loadEnvironment(PostgresConfig, process.env);
  const dataSource = new DataSource(sourceDataSourceOptions(config));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      applied.length === 0
        ? 'Schema is up to date\n'
        : `Applied ${applied.map((m) => m.name).join(', ')}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  process.stderr.write(
    `Migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
