import { AppProcess } from '@cdc/testing';

import { baseAppEnvironment } from './app-environment';

/** HTTP ports used by end-to-end tests, away from the `npm run dev` ports (3001-3005). */
export const E2E_PORTS = {
  enrichment: 4101,
  redisSink: 4102,
  bigquerySink: 4103,
  webhookSink: 4104,
  backfill: 4105,
  webhookReceiver: 4190,
} as const;

/** Starts the built enrichment app on the local stack and waits until it is ready. */
export function startEnrichment(extra: Record<string, string> = {}): Promise<AppProcess> {
  return new AppProcess(
    'enrichment',
    { ...baseAppEnvironment, LATE_CONTENT_WAIT_MS: '10000', ...extra },
    E2E_PORTS.enrichment,
  ).start();
}
