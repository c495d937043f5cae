/** Where the receiver listens and the secret it verifies signatures with. */
export interface ReceiverSettings {
  port: number;
  host: string;
  path: string;
  /** A Standard Webhooks `whsec_` secret. */
  secret: string;
  /** Recorded events kept in memory; older ones are dropped from /events (stats still count). */
  maxRecorded: number;
}

/** Faults to inject; all can be changed at runtime with POST /faults. */
export interface Faults {
  /** Share of requests answered with errorStatus (and Retry-After when retryAfterS is set). */
  errorRatio: number;
  errorStatus: number;
  retryAfterS: number | null;
  /** Share of requests answered only after delayMs (the delivery is still recorded). */
  delayRatio: number;
  delayMs: number;
  /** Share of requests never answered: held timeoutHoldMs, then the connection is dropped. */
  timeoutRatio: number;
  timeoutHoldMs: number;
  /** Event ids answered with 400. */
  failIds: string[];
  /** Outage window, epoch ms: every webhook request has its connection reset. */
  outageFrom: number | null;
  outageUntil: number | null;
}

/** The webhook-sink's development default (the base64 of "dev-only-webhook-secret!"). */
export const DEV_SECRET = 'whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQh';

/**
 * Reads RECEIVER_* variables, then `--name=value` flags, which win: `--error-ratio=0.1` sets
 * RECEIVER_ERROR_RATIO. Outage windows are relative to start: RECEIVER_OUTAGE_AFTER_MS, RECEIVER_OUTAGE_MS.
 */
export function readOptions(
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
  now = Date.now(),
): { settings: ReceiverSettings; faults: Faults } {
  const values: Record<string, string | undefined> = { ...env };
  for (const arg of argv) {
    const match = /^--([a-z0-9-]+)=(.*)$/.exec(arg);
    if (!match) {
      throw new Error(`Unrecognised argument ${arg}; use --name=value`);
    }
    values[`RECEIVER_${(match[1] as string).toUpperCase().replace(/-/g, '_')}`] = match[2];
  }
  const read = (name: string) =>
    values[name] === undefined || values[name] === '' ? undefined : values[name];
  const number = (name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) => {
    const raw = read(name);
    if (raw === undefined) {
      return fallback;
    }
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new Error(`${name} must be a number between ${min} and ${max}`);
    }
    return parsed;
  };
  const secret = read('RECEIVER_SECRET') ?? DEV_SECRET;
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
    throw new Error('RECEIVER_SECRET must be a Standard Webhooks secret: whsec_<base64>');
  }
  const outageMs = number('RECEIVER_OUTAGE_MS', 0);
  const outageAfter = number('RECEIVER_OUTAGE_AFTER_MS', 0);
  return {
    settings: {
      port: number('RECEIVER_PORT', 3090, 1, 65535),
      host: read('RECEIVER_HOST') ?? '0.0.0.0',
      path: read('RECEIVER_PATH') ?? '/webhooks/engagement',
      secret,
      maxRecorded: number('RECEIVER_MAX_RECORDED', 200_000, 1),
    },
    faults: {
      errorRatio: number('RECEIVER_ERROR_RATIO', 0, 0, 1),
      errorStatus: number('RECEIVER_ERROR_STATUS', 503, 400, 599),
      retryAfterS:
        read('RECEIVER_RETRY_AFTER_S') === undefined ? null : number('RECEIVER_RETRY_AFTER_S', 0),
      delayRatio: number('RECEIVER_DELAY_RATIO', 0, 0, 1),
      delayMs: number('RECEIVER_DELAY_MS', 2_000),
      timeoutRatio: number('RECEIVER_TIMEOUT_RATIO', 0, 0, 1),
      timeoutHoldMs: number('RECEIVER_TIMEOUT_HOLD_MS', 30_000),
      failIds: (read('RECEIVER_FAIL_IDS') ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
      outageFrom: outageMs > 0 ? now + outageAfter : null,
      outageUntil: outageMs > 0 ? now + outageAfter + outageMs : null,
    },
  };
}

/** Applies a POST /faults body; `outageMs` (with optional `outageAfterMs`) opens a window from now, 0 ends it. */
export function updateFaults(
  current: Faults,
  patch: Record<string, unknown>,
  now = Date.now(),
): Faults {
  const next: Faults = { ...current };
  const ratio = (value: unknown, name: string) => {
    if (typeof value !== 'number' || value < 0 || value > 1) {
      throw new Error(`${name} must be a number from 0 to 1`);
    }
    return value;
  };
  const count = (value: unknown, name: string) => {
    if (typeof value !== 'number' || value < 0) {
      throw new Error(`${name} must be a non-negative number`);
    }
    return value;
  };
  for (const [name, value] of Object.entries(patch)) {
    switch (name) {
      case 'errorRatio':
        next.errorRatio = ratio(value, name);
        break;
      case 'delayRatio':
        next.delayRatio = ratio(value, name);
        break;
      case 'timeoutRatio':
        next.timeoutRatio = ratio(value, name);
        break;
      case 'errorStatus':
        next.errorStatus = count(value, name);
        break;
      case 'retryAfterS':
        next.retryAfterS = value === null ? null : count(value, name);
        break;
      case 'delayMs':
        next.delayMs = count(value, name);
        break;
      case 'timeoutHoldMs':
        next.timeoutHoldMs = count(value, name);
        break;
      case 'failIds':
        if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) {
          throw new Error('failIds must be an array of strings');
        }
        next.failIds = value as string[];
        break;
      case 'outageMs': {
        const duration = count(value, name);
        const after =
          patch['outageAfterMs'] === undefined ? 0 : count(patch['outageAfterMs'], 'outageAfterMs');
        next.outageFrom = duration > 0 ? now + after : null;
        next.outageUntil = duration > 0 ? now + after + duration : null;
        break;
      }
      case 'outageAfterMs':
        break;
      default:
        throw new Error(`unknown fault ${name}`);
    }
  }
  return next;
}
