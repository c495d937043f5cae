import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { livePid, waitUntil } from '@cdc/testing';
import { request } from 'undici';

import { E2E_PORTS } from './ports';

const WORKSPACE_ROOT = join(__dirname, '../../../..');
/** A Standard Webhooks secret (the base64 of "e2e-webhook-secret-0123456789") for sink and receiver. */
export const E2E_WEBHOOK_SECRET = 'whsec_ZTJlLXdlYmhvb2stc2VjcmV0LTAxMjM0NTY3ODk=';

export interface ReceiverStats {
  requests: number;
  /** Requests with a new webhook-id. */
  accepted: number;
  /** Requests with a webhook-id seen before (retries), absorbed whole. */
  duplicates: number;
  unauthorized: number;
  badRequests: number;
  injectedErrors: number;
  injectedTimeouts: number;
  injectedDelays: number;
  outageRejected: number;
  /** Events carried by accepted requests. */
  eventsReceived: number;
  /** Event deliveries absorbed by event_id: in a retried request or inside a new one. */
  duplicateEvents: number;
  uniqueKeys: number;
  /** Event ids recorded, each once. */
  uniqueEvents: number;
  duplicateKeys: number;
  outageActive: boolean;
}

export interface ReceivedEvent {
  seq: number;
  event_id: string;
  content_id: string | null;
  /** The webhook-id of the request that recorded it (a batch's `batch-…` key or the event id). */
  idempotency_key: string;
  /** 2xx-answered requests that carried the event: 1 plus the duplicates absorbed for it. */
  deliveries: number;
  /** ISO time of its first delivery. */
  received_at: string;
}

/**
 * The reference receiver (tools/webhook-receiver) as a child process, run from source so the
 * tests need no extra build; faults are changed at runtime through POST /faults. A port of
 * its own per area keeps two areas' receivers apart. It verifies every delivery with the
 * `standardwebhooks` package (401 otherwise, counted as `unauthorized`).
 */
export class ReceiverProcess {
  private child: ChildProcess | null = null;
  private output = '';
  readonly url: string;
  readonly webhookUrl: string;

  constructor(readonly port: number = E2E_PORTS.webhookReceiver) {
    this.url = `http://127.0.0.1:${port}`;
    this.webhookUrl = `${this.url}/webhooks/engagement`;
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number | null {
    return livePid(this.child);
  }

  async start(env: Record<string, string> = {}): Promise<this> {
    this.child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/webhook-receiver/src/main.ts'],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          TS_NODE_PROJECT: 'tools/webhook-receiver/tsconfig.app.json',
          RECEIVER_PORT: String(this.port),
          RECEIVER_HOST: '127.0.0.1',
          RECEIVER_SECRET: E2E_WEBHOOK_SECRET,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitUntil(
      async () =>
        (await this.call('GET', '/health').then(
          (r) => r.status,
          () => null,
        )) === 200
          ? true
          : undefined,
      `receiver /health\n${this.output}`,
      30_000,
      100,
    );
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async faults(patch: Record<string, unknown>): Promise<void> {
    const response = await this.call('POST', '/faults', JSON.stringify(patch));
    if (response.status !== 200) {
      throw new Error(`POST /faults answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
  }

  async stats(): Promise<ReceiverStats> {
    return (await this.call('GET', '/stats')).body as ReceiverStats;
  }

  async events(): Promise<ReceivedEvent[]> {
    return ((await this.call('GET', '/events')).body as { events: ReceivedEvent[] }).events;
  }

  /** Recorded events whose id is in `ids`. */
  async eventsAmong(ids: ReadonlySet<string>): Promise<ReceivedEvent[]> {
    return (await this.events()).filter((event) => ids.has(event.event_id));
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  /**
   * undici's request, not fetch(): 4190 is on the Fetch standard's list of blocked ports
   * (sieve), so fetch() refuses it with "bad port".
   */
  async call(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const response = await request(`${this.url}${path}`, { method, body, headers });
    const text = await response.body.text();
    return { status: response.statusCode, body: text ? (JSON.parse(text) as unknown) : null };
  }
}
