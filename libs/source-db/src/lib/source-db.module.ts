import { ReadinessRegistry } from '@cdc/platform';
import { type DynamicModule, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';

import { ContentLookup } from './content-lookup';
import { sourceDataSourceOptions } from './data-source-options';
import { PostgresConfig } from './postgres.config';

/** Registers the "postgres" readiness check: a `SELECT 1` answers within 3 s. */
@Injectable()
class PostgresReadiness implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register('postgres', async () => {
      const check = this.indicator.check('postgres');
      try {
        await Promise.race([
          this.dataSource.query('SELECT 1'),
          new Promise((_, reject) =>
            setTimeout(
              () => reject(new Error('Postgres did not answer within 3000 ms')),
              3_000,
            ).unref(),
          ),
        ]);
        return check.up();
      } catch (error) {
        return check.down({ message: error instanceof Error ? error.message : String(error) });
      }
    });
  }
}

@Module({})
export class SourceDbModule {
  /** @param extra entities and migrations an app adds (e.g. backfill jobs). */
  static forRoot(extra: Pick<DataSourceOptions, 'entities' | 'migrations'> = {}): DynamicModule {
    return {
      module: SourceDbModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [PostgresConfig],
          useFactory: (config: PostgresConfig) => ({
            ...sourceDataSourceOptions(config, extra),
            // Start even when Postgres is down: readiness reports it and the pool reconnects.
            retryAttempts: 3,
            retryDelay: 1_000,
          }),
        }),
      ],
      providers: [ContentLookup, PostgresReadiness],
      exports: [ContentLookup],
    };
  }
}
