import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';

import type { LivePageOptions } from '../live-page-options';
import type { PipelinePoller } from '../pipeline/pipeline-poller';
import type { ReadApiClient } from '../read-api/read-api-client';
import { liveSections } from '../view/live-sections';
import { renderPage } from '../view/page';
import { parsePageQuery } from '../view/page-query';
import { UpdateStream } from './update-stream';

/** Only the page's own files: nothing is loaded from anywhere else. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const ASSETS: Record<string, { file: string; type: string }> = {
  '/assets/live-page.js': { file: 'live-page.js', type: 'text/javascript; charset=utf-8' },
  '/assets/live-page.css': { file: 'live-page.css', type: 'text/css; charset=utf-8' },
};

/**
 * The live page's HTTP server: GET / (the page, rendered with the current data), GET /updates
 * (server-sent events: the sections that changed, once per poll), the two assets, GET /health.
 */
export class LivePageServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly streams = new Set<UpdateStream>();
  private readonly assets: Map<string, Buffer>;

  constructor(
    private readonly options: LivePageOptions,
    private readonly poller: PipelinePoller,
    private readonly api: ReadApiClient,
    publicDir: string,
  ) {
    this.assets = new Map(
      Object.entries(ASSETS).map(([path, { file }]) => [path, readFileSync(join(publicDir, file))]),
    );
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        }
        response.end(`live page error: ${String(error)}`);
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(this.options.port, this.options.host, resolve),
    );
  }

  close(): Promise<void> {
    this.streams.forEach((stream) => stream.close());
    this.sockets.forEach((socket) => socket.destroy());
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://live-page');
    if (request.method !== 'GET') {
      return this.send(response, 405, 'text/plain; charset=utf-8', 'GET only');
    }
    const asset = ASSETS[url.pathname];
    if (asset) {
      return this.send(response, 200, asset.type, this.assets.get(url.pathname) as Buffer);
    }
    const query = parsePageQuery(url.searchParams);
    switch (url.pathname) {
      case '/': {
        const live = await liveSections(this.api, this.poller.latest, query, this.options);
        return this.send(response, 200, 'text/html; charset=utf-8', renderPage(live, query));
      }
      case '/updates': {
        const stream = new UpdateStream(response, this.options.pollMs, () =>
          liveSections(this.api, this.poller.latest, query, this.options),
        );
        this.streams.add(stream);
        request.on('close', () => {
          stream.close();
          this.streams.delete(stream);
        });
        return stream.start();
      }
      case '/health':
        return this.send(response, 200, 'application/json', JSON.stringify({ status: 'ok' }));
      case '/favicon.ico':
        return this.send(response, 204, 'image/x-icon', '');
      default:
        return this.send(response, 404, 'text/plain; charset=utf-8', `no page ${url.pathname}`);
    }
  }

  private send(
    response: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
  ): void {
    response.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    response.end(body);
  }
}
