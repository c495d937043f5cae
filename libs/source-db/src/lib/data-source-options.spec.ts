import { isoMicrosSql } from './content-lookup';
import { SOURCE_ENTITIES, sourceDataSourceOptions } from './data-source-options';
import { SOURCE_MIGRATIONS } from './migrations';
import { PostgresConfig } from './postgres.config';

const config = Object.assign(new PostgresConfig(), {
  PG_HOST: 'db.internal',
  PG_DATABASE: 'engagement',
  PG_USER: 'app',
  PG_PASSWORD: 'secret',
  PG_PORT: 6543,
  PG_SSL: true,
  PG_POOL_SIZE: 7,
});

describe('sourceDataSourceOptions', () => {
  it('maps the config, never synchronises, and lists every migration in order', () => {
    const options = sourceDataSourceOptions(config);
    expect(options).toMatchObject({
      type: 'postgres',
      host: 'db.internal',
      port: 6543,
      database: 'engagement',
      username: 'app',
      password: 'secret',
      ssl: { rejectUnauthorized: true },
      synchronize: false,
      migrationsTableName: 'typeorm_migrations',
      extra: { max: 7, connectionTimeoutMillis: 5_000 },
    });
    expect(options.entities).toEqual(SOURCE_ENTITIES);
    expect(options.migrations).toEqual(SOURCE_MIGRATIONS);
    const timestamps = SOURCE_MIGRATIONS.map((migration) =>
      Number(/\d{13}$/.exec(migration.name)?.[0]),
    );
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
  });

  it('adds the entities and migrations an app brings', () => {
    class ExtraEntity {}
    const options = sourceDataSourceOptions(
      { ...config, PG_SSL: false },
      { entities: [ExtraEntity] },
    );
    expect(options.entities).toEqual([...SOURCE_ENTITIES, ExtraEntity]);
    expect(options).toMatchObject({ ssl: false });
  });
});

describe('isoMicrosSql', () => {
  it('renders a timestamp as ISO-8601 UTC with six fraction digits', () => {
    expect(isoMicrosSql('e.event_ts')).toBe(
      `to_char(e.event_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    );
  });
});
