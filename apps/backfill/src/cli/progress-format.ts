import type { BackfillJobView } from '../app/api/backfill-job.view';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

export function formatDuration(seconds: number | null): string {
  if (seconds === null) {
    return '--';
  }
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) {
    return `${hours}h${String(minutes).padStart(2, '0')}m`;
  }
  if (minutes > 0) {
    return `${minutes}m${String(rest).padStart(2, '0')}s`;
  }
  return `${rest}s`;
}

/** Values the progress bar and the plain lines show. */
export function progressFields(job: BackfillJobView) {
  const { progress } = job;
  return {
    status: job.status,
    done: integer.format(progress.rowsDone),
    total: progress.rowsTotal === null ? '?' : integer.format(progress.rowsTotal),
    percent: decimal.format(progress.percent),
    rate: progress.rowsPerSecond === null ? '--' : decimal.format(progress.rowsPerSecond),
    eta: formatDuration(progress.etaSeconds),
  };
}

/** One line for logs and non-terminal output. */
export function progressLine(job: BackfillJobView): string {
  const f = progressFields(job);
  const errors =
    job.errors.count > 0 ? `  errors ${job.errors.count}: ${job.errors.last ?? ''}` : '';
  return `${f.status.padEnd(9)} ${f.done}/${f.total} rows  ${f.percent}%  ${f.rate} rows/s  ETA ${f.eta}${errors}`;
}

/** The closing line once a job has ended. */
export function summaryLine(job: BackfillJobView): string {
  const elapsedMs =
    job.startedAt && job.finishedAt ? Date.parse(job.finishedAt) - Date.parse(job.startedAt) : null;
  const parts = [
    `backfill ${job.id} ${job.status}`,
    `${integer.format(job.progress.rowsDone)}/${job.progress.rowsTotal === null ? '?' : integer.format(job.progress.rowsTotal)} rows`,
    `${integer.format(job.progress.recordsPublished)} records published to ${job.request.sinks.join(',')}`,
    ...(elapsedMs === null ? [] : [`in ${formatDuration(elapsedMs / 1000)}`]),
    `${job.worker.claims} claim(s)`,
    `${job.errors.count} error(s)${job.errors.last ? ` (last: ${job.errors.last})` : ''}`,
  ];
  return parts.join(', ');
}
