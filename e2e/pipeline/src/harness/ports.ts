/**
 * Every HTTP port the end-to-end tests use, in one table so that no two files collide; all
 * away from the `npm run dev` ports (3001-3005, the live page 3080). The routing specs keep
 * theirs beside them (ROUTING_PORTS: 4111-4115, receiver 4191), so does the live page spec
 * (LIVE_PAGE_E2E_PORTS: 4171-4173).
 */

/** The default port of each app's harness (and of the reference receiver). */
export const E2E_PORTS = {
  enrichment: 4101,
  redisSink: 4102,
  bigquerySink: 4103,
  webhookSink: 4104,
  backfill: 4105,
  webhookReceiver: 4190,
} as const;

export const PLATFORM_E2E_PORTS = {
  healthEnrichment: 4106,
  freshEnrichment: 4107,
  freshSink: 4108,
  freshTimeoutSink: 4109,
  freshBigquerySink: 4121,
  freshWebhookSink: 4122,
  freshWebhookReceiver: 4123,
  failingStart: 4199,
} as const;

/** The enrichment hardening spec (late lookups, content consumer crash, content position). */
export const ENRICHMENT_E2E_PORTS = { hardening: 4127 } as const;

export const REDIS_E2E_PORTS = {
  enrichment: 4141,
  window: 4142,
  exactlyOnce: 4143,
  crash: 4144,
  outage: 4145,
  bench: 4146,
  burst: 4147,
  eviction: 4148,
} as const;

export const BACKFILL_E2E_PORTS = {
  sinks: {
    backfill: 4151,
    bigquerySink: 4152,
    redisSink: 4153,
    webhookReceiver: 4158,
    webhookSink: 4159,
  },
  overlap: { backfill: 4154, enrichment: 4155, bigquerySink: 4156, redisSink: 4157 },
} as const;

export const OPERABILITY_E2E_PORTS = {
  enrichment: 4301,
  sigtermSink: 4302,
  metricsSink: 4303,
  metricsBigquerySink: 4304,
  secretsBackfill: 4305,
  wedgedSink: 4306,
} as const;

export const SOURCE_E2E_PORTS = { backfill: 4331 } as const;

/** enrichment/oversized-produce and backfill/oversized-page: sends too large for one produce request. */
export const PRODUCE_E2E_PORTS = {
  enrichment: 4401,
  redisSink: 4402,
  backfill: 4403,
  oversizedRowBackfill: 4404,
} as const;
