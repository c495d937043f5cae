/** One app of the pipeline as the page reads it: its name and the base URL of its HTTP port. */
export interface AppTarget {
  name: string;
  url: string;
}

export interface LivePageOptions {
  port: number;
  host: string;
  /** Every app whose /metrics and /health the page reads, in display order. */
  apps: AppTarget[];
  /** Base URL of redis-sink's read API (/top, /content/:id/stats, /content/:id/recent). */
  readApiUrl: string;
  /** How often the page polls the apps and pushes an update to the browser. */
  pollMs: number;
  /** Items of the top list. */
  topLimit: number;
  /** Latest events shown in the per-content drill-down. */
  recentLimit: number;
}

/** The `npm run dev` ports of the five apps (each app's HTTP_PORT default). */
export const DEFAULT_APPS =
  'enrichment=http://127.0.0.1:3001,redis-sink=http://127.0.0.1:3002,bigquery-sink=http://127.0.0.1:3003,webhook-sink=http://127.0.0.1:3004,backfill=http://127.0.0.1:3005';

/**
 * Reads LIVE_PAGE_* variables, then `--name=value` flags, which win (`--poll-ms=500` sets
 * LIVE_PAGE_POLL_MS). LIVE_PAGE_APPS is `name=url,...`; LIVE_PAGE_READ_API defaults to the
 * URL of the app named redis-sink.
 */
export function readOptions(env: NodeJS.ProcessEnv, argv: readonly string[]): LivePageOptions {
  const values: Record<string, string | undefined> = { ...env };
  for (const arg of argv) {
    const match = /^--([a-z0-9-]+)=(.*)$/.exec(arg);
    if (!match) {
      throw new Error(`Unrecognised argument ${arg}; use --name=value`);
    }
    values[`LIVE_PAGE_${(match[1] as string).toUpperCase().replace(/-/g, '_')}`] = match[2];
  }
  const read = (name: string) => (values[name] === '' ? undefined : values[name]);
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = read(name);
    if (raw === undefined) {
      return fallback;
    }
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new Error(`${name} must be an integer from ${min} to ${max}`);
    }
    return parsed;
  };
  const apps = parseApps(read('LIVE_PAGE_APPS') ?? DEFAULT_APPS);
  const readApiUrl =
    read('LIVE_PAGE_READ_API') ?? apps.find((app) => app.name === 'redis-sink')?.url;
  if (readApiUrl === undefined) {
    throw new Error('LIVE_PAGE_READ_API is needed when LIVE_PAGE_APPS names no redis-sink');
  }
  return {
    port: integer('LIVE_PAGE_PORT', 3080, 1, 65_535),
    host: read('LIVE_PAGE_HOST') ?? '127.0.0.1',
    apps,
    readApiUrl: baseUrl(readApiUrl, 'LIVE_PAGE_READ_API'),
    pollMs: integer('LIVE_PAGE_POLL_MS', 1_000, 100, 60_000),
    topLimit: integer('LIVE_PAGE_TOP_LIMIT', 10, 1, 100),
    recentLimit: integer('LIVE_PAGE_RECENT_LIMIT', 20, 1, 200),
  };
}

function parseApps(list: string): AppTarget[] {
  const apps = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf('=');
      const name = entry.slice(0, separator).trim();
      if (separator <= 0 || !/^[a-z][a-z0-9-]*$/.test(name)) {
        throw new Error(`LIVE_PAGE_APPS entries are name=url, got "${entry}"`);
      }
      return { name, url: baseUrl(entry.slice(separator + 1).trim(), 'LIVE_PAGE_APPS') };
    });
  if (apps.length === 0 || new Set(apps.map((app) => app.name)).size !== apps.length) {
    throw new Error('LIVE_PAGE_APPS must name at least one app, each once');
  }
  return apps;
}

function baseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${name}: "${value}" is not an http(s) URL`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}
