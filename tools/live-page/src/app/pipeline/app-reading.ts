import type { AppTarget } from '../live-page-options';
import type { Scrape } from '../metrics/scrape';

export type HealthState = 'ready' | 'not-ready' | 'unreachable';

/** What one poll learnt about one app: its readiness and its metrics, now and the time before. */
export interface AppReading {
  target: AppTarget;
  health: HealthState;
  /** Indicators reported down by GET /health (503), e.g. ["redis"]. */
  failing: string[];
  /** GET /health `details`, per indicator (e.g. webhook: {breaker, pendingEvents, ...}). */
  details: Record<string, Record<string, unknown>>;
  current: Scrape | null;
  previous: Scrape | null;
}
