import { Topics } from '@cdc/contracts';
import { stackEnvironment } from '@cdc/testing';

import { AppHarness, type HarnessOptions } from './app-harness';
import { BigQueryFixture, BQ_PROJECT } from './bigquery-fixture';
import { E2E_PORTS } from './ports';

/**
 * The bigquery-sink of a test file, writing to a dataset of its own on the emulator: the one
 * the spec names (it asserts on it) or e2e_<name>_<unique>. close() drops it.
 */
export class BigquerySinkHarness extends AppHarness {
  readonly dataset: string;
  readonly bigquery = new BigQueryFixture();

  constructor(options: HarnessOptions & { dataset?: string }) {
    super('bigquery-sink', [Topics.enriched, Topics.backfill], {
      port: E2E_PORTS.bigquerySink,
      ...options,
    });
    this.dataset = options.dataset ?? this.prefix.replace(/-/g, '_');
  }

  protected appEnvironment(): Record<string, string> {
    return {
      BIGQUERY_PROJECT_ID: BQ_PROJECT,
      BIGQUERY_API_ENDPOINT: stackEnvironment.BIGQUERY_API_ENDPOINT,
      BIGQUERY_DATASET: this.dataset,
      BIGQUERY_BATCH_MAX_WAIT_MS: '500',
    };
  }

  protected override cleanup(): Promise<void> {
    return this.bigquery.dropDataset(this.dataset);
  }
}
