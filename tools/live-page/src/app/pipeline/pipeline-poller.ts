import type { AppTarget } from '../live-page-options';
import { Scrape } from '../metrics/scrape';
import type { AppReading } from './app-reading';
import { type PipelineView, pipelineView } from './pipeline-view';

interface HealthBody {
  error?: Record<string, unknown>;
  details?: Record<string, Record<string, unknown>>;
}

/**
 * Polls every app's public endpoints (GET /metrics and GET /health, nothing else) once per
 * interval and keeps the last two scrapes of each, so rates and latencies cover exactly the
 * interval between the two latest polls. The page never talks to Kafka, Redis or Postgres.
 */
export class PipelinePoller {
  private readings: AppReading[];
  private view: PipelineView;
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    apps: readonly AppTarget[],
    private readonly intervalMs: number,
  ) {
    this.readings = apps.map((target) => ({
      target,
      health: 'unreachable',
      failing: [],
      details: {},
      current: null,
      previous: null,
    }));
    this.view = pipelineView(this.readings, new Date());
  }

  /** The view from the latest completed poll. */
  get latest(): PipelineView {
    return this.view;
  }

  /** Polls now, then every interval; resolves after the first poll. */
  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => {
      // A slow poll (an app timing out) is not stacked on: the next tick waits for it.
      this.polling ??= this.poll().finally(() => (this.polling = null));
    }, this.intervalMs);
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
    this.timer = null;
  }

  private async poll(): Promise<void> {
    this.readings = await Promise.all(this.readings.map((reading) => this.read(reading)));
    this.view = pipelineView(this.readings, new Date());
  }

  private async read(reading: AppReading): Promise<AppReading> {
    const timeout = Math.min(this.intervalMs * 2, 2_000);
    const [metrics, health] = await Promise.all([
      fetchText(`${reading.target.url}/metrics`, timeout),
      fetchText(`${reading.target.url}/health`, timeout),
    ]);
    const current = metrics?.status === 200 ? new Scrape(Date.now(), metrics.text) : null;
    const body = health ? parseHealth(health.text) : {};
    return {
      target: reading.target,
      health: health === null ? 'unreachable' : health.status === 200 ? 'ready' : 'not-ready',
      failing: Object.keys(body.error ?? {}).sort(),
      details: body.details ?? {},
      current,
      // An app that could not be read starts its rates afresh once it is back.
      previous: current ? reading.current : null,
    };
  }
}

async function fetchText(
  url: string,
  timeoutMs: number,
): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch {
    return null;
  }
}

function parseHealth(text: string): HealthBody {
  try {
    const body = JSON.parse(text) as unknown;
    return typeof body === 'object' && body !== null ? (body as HealthBody) : {};
  } catch {
    return {};
  }
}
