import { MetricsRegistry } from '@cdc/platform';
import { Injectable } from '@nestjs/common';

@Injectable()
export class BackfillMetrics {
  readonly rows;
  readonly rowsDeadLettered;
  readonly pages;
  readonly pageErrors;
  readonly jobs;
  readonly activeJobs;
  readonly pageSeconds;

  constructor(metrics: MetricsRegistry) {
    this.rows = metrics.counter(
      'cdc_backfill_rows_published_total',
      'Rows published to the backfill topic and checkpointed',
    );
    this.rowsDeadLettered = metrics.counter(
      'cdc_backfill_rows_dead_lettered_total',
      'Rows the contract refuses (as the live path does), sent to engagement.backfill.dlq.v1 and checkpointed',
    );
    this.pages = metrics.counter(
      'cdc_backfill_pages_total',
      'Keyset pages published and checkpointed',
    );
    this.pageErrors = metrics.counter(
      'cdc_backfill_page_errors_total',
      'Failed page attempts (read, publish or checkpoint)',
    );
    this.jobs = metrics.counter('cdc_backfill_jobs_total', 'Job runs by how they ended', [
      'outcome',
    ]);
    this.activeJobs = metrics.gauge('cdc_backfill_active_jobs', 'Jobs this process is running');
    this.pageSeconds = metrics.histogram(
      'cdc_backfill_page_duration_seconds',
      'Time to read, enrich, publish and checkpoint one page, rate-limit waits excluded',
      [],
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
  }
}
