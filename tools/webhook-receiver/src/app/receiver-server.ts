import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { DeliveryStore } from './delivery-store';
import { type Faults, type ReceiverSettings, updateFaults } from './receiver-options';
import { SignatureVerifier } from './signature-verifier';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The reference receiver: POST <path> takes Standard Webhooks deliveries, verifies them with
 * the standardwebhooks package, dedups them by webhook-id (a request) and by event_id (an event,
 * across requests), records each event once, and injects faults on demand. Control endpoints (/health, /stats, /events, /faults, /reset) are never
 * affected by faults.
 */
export class ReceiverServer {
  readonly store: DeliveryStore;
  private readonly verifier: SignatureVerifier;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly settings: ReceiverSettings,
    private faults: Faults,
  ) {
    this.store = new DeliveryStore(settings.maxRecorded);
    this.verifier = new SignatureVerifier(settings.secret);
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) =>
        reply(response, 500, { error: String(error) }),
      );
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(this.settings.port, this.settings.host, resolve),
    );
  }

  close(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://receiver');
    const route = `${request.method} ${url.pathname}`;
    if (route === `POST ${this.settings.path}`) {
      return this.receive(request, response);
    }
    switch (route) {
      case 'GET /health':
        return reply(response, 200, { status: 'ok' });
      case 'GET /stats':
        return reply(response, 200, {
          ...this.store.stats(),
          outageActive: this.inOutage(),
          faults: this.faults,
        });
      case 'GET /events':
        return reply(response, 200, {
          events: this.store.recorded(url.searchParams.get('content_id') ?? undefined),
        });
      case 'GET /faults':
        return reply(response, 200, this.faults);
      case 'POST /faults':
        try {
          this.faults = updateFaults(
            this.faults,
            JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>,
          );
          return reply(response, 200, this.faults);
        } catch (error) {
          return reply(response, 400, {
            error: error instanceof Error ? error.message : String(error),
          });
        }
      case 'POST /reset':
        this.store.reset();
        return reply(response, 200, this.store.stats());
      default:
        return reply(response, 404, { error: `no route ${route}` });
    }
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { counters } = this.store;
    counters.requests += 1;
    if (this.inOutage()) {
      counters.outageRejected += 1;
      request.socket.destroy();
      return;
    }
    const body = await readBody(request);
    const problem = this.verifier.check(body, request.headers);
    if (problem) {
      counters.unauthorized += 1;
      return reply(response, 401, { error: problem });
    }
    // Verified, so present: webhook-id is the delivery's idempotency key.
    const key = header(request, 'webhook-id') as string;
    const events = parseEvents(body);
    if (!events) {
      counters.badRequests += 1;
      return reply(response, 400, { error: 'body is not a v1 payload with an events array' });
    }
    const failing = events.find((event) => this.faults.failIds.includes(String(event['event_id'])));
    if (failing) {
      counters.badRequests += 1;
      return reply(response, 400, {
        error: `event ${String(failing['event_id'])} rejected by fault injection`,
      });
    }
    if (Math.random() < this.faults.errorRatio) {
      counters.injectedErrors += 1;
      const headers: Record<string, string> =
        this.faults.retryAfterS === null ? {} : { 'retry-after': String(this.faults.retryAfterS) };
      return reply(response, this.faults.errorStatus, { error: 'injected failure' }, headers);
    }
    if (Math.random() < this.faults.timeoutRatio) {
      counters.injectedTimeouts += 1;
      setTimeout(() => request.socket.destroy(), this.faults.timeoutHoldMs);
      return;
    }
    if (Math.random() < this.faults.delayRatio) {
      counters.injectedDelays += 1;
      await new Promise((resolve) => setTimeout(resolve, this.faults.delayMs));
    }
    // Recorded even if the sender gave up waiting: its retry must then be absorbed as a duplicate.
    const status = this.store.record(key, events);
    return reply(response, 200, { status, idempotency_key: key });
  }

  private inOutage(now = Date.now()): boolean {
    const { outageFrom, outageUntil } = this.faults;
    return outageFrom !== null && outageUntil !== null && now >= outageFrom && now < outageUntil;
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseEvents(body: string): Record<string, unknown>[] | null {
  try {
    const payload = JSON.parse(body) as { payload_version?: unknown; events?: unknown };
    if (payload.payload_version !== 1 || !Array.isArray(payload.events)) {
      return null;
    }
    return payload.events.filter(
      (event): event is Record<string, unknown> => typeof event === 'object' && event !== null,
    );
  } catch {
    return null;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new Error('body too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent || response.destroyed) {
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
