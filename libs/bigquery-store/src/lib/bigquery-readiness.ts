import { ReadinessRegistry } from '@cdc/platform';
import { BigQuery } from '@google-cloud/bigquery';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { BigQueryConfig } from './bigquery.config';
import { describeBigQueryError } from './bigquery-errors';

const READINESS_TIMEOUT_MS = 3_000;

/** Registers the "bigquery" readiness check: a datasets.get of the configured dataset answers within 3 s. */
@Injectable()
export class BigQueryReadiness implements OnModuleInit {
  constructor(
    private readonly registry: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
    private readonly client: BigQuery,
    private readonly config: BigQueryConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register('bigquery', async () => {
      const check = this.indicator.check('bigquery');
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          this.client.dataset(this.config.BIGQUERY_DATASET).getMetadata(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`BigQuery did not answer within ${READINESS_TIMEOUT_MS} ms`)),
              READINESS_TIMEOUT_MS,
            );
          }),
        ]);
        return check.up({
          dataset: `${this.config.BIGQUERY_PROJECT_ID}.${this.config.BIGQUERY_DATASET}`,
        });
      } catch (error) {
        return check.down({ message: describeBigQueryError(error) });
      } finally {
        clearTimeout(timer);
      }
    });
  }
}
