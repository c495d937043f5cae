import { BigQuery } from '@google-cloud/bigquery';
import { Global, Module } from '@nestjs/common';

import { BigQueryConfig } from './bigquery.config';
import { createBigQueryClient } from './bigquery-client.factory';
import { BigQueryReadiness } from './bigquery-readiness';
import { EngagementTable } from './engagement-table';

/** Needs BigQueryConfig from TypedConfigModule.forRoot(AppConfig, [BigQueryConfig, ...]). */
@Global()
@Module({
  providers: [
    {
      provide: BigQuery,
      inject: [BigQueryConfig],
      useFactory: (config: BigQueryConfig) => createBigQueryClient(config),
    },
    EngagementTable,
    BigQueryReadiness,
  ],
  exports: [BigQuery, EngagementTable],
})
export class BigQueryStoreModule {}
