import { Presets, SingleBar } from 'cli-progress';

import type { BackfillJobView } from '../app/api/backfill-job.view';
import { progressFields, progressLine } from './progress-format';

export interface ProgressDisplay {
  update(job: BackfillJobView): void;
  stop(): void;
}

/** A live bar on a terminal: rows done/total, rate and ETA, redrawn in place. */
export class BarDisplay implements ProgressDisplay {
  private readonly bar = new SingleBar(
    {
      format:
        'backfill {id} [{bar}] {pct}% | {done}/{totalRows} rows | {rate} rows/s | ETA {etaText} | {status}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    Presets.shades_classic,
  );
  private started = false;

  update(job: BackfillJobView): void {
    const f = progressFields(job);
    const payload = {
      id: job.id.slice(0, 8),
      pct: f.percent,
      done: f.done,
      totalRows: f.total,
      rate: f.rate,
      etaText: f.eta,
      status: f.status,
    };
    const total = Math.max(job.progress.rowsTotal ?? 0, job.progress.rowsDone, 1);
    const value = job.status === 'completed' ? total : Math.min(job.progress.rowsDone, total);
    if (!this.started) {
      this.bar.start(total, value, payload);
      this.started = true;
    } else {
      this.bar.setTotal(total);
      this.bar.update(value, payload);
    }
  }

  stop(): void {
    if (this.started) {
      this.bar.stop();
    }
  }
}

/** Plain lines for pipes and CI logs: one when the status changes, otherwise one per interval. */
export class LineDisplay implements ProgressDisplay {
  private lastPrintedMs = 0;
  private lastStatus: string | null = null;

  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalMs: number,
  ) {}

  update(job: BackfillJobView): void {
    const now = Date.now();
    if (job.status === this.lastStatus && now - this.lastPrintedMs < this.intervalMs) {
      return;
    }
    this.lastPrintedMs = now;
    this.lastStatus = job.status;
    this.write(`${new Date(now).toISOString()} backfill ${job.id} ${progressLine(job)}`);
  }

  stop(): void {
    return;
  }
}
