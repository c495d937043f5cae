import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { waitUntil } from '@cdc/testing';
import puppeteer, { type Browser } from 'puppeteer-core';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

/** The live page spec's ports, kept beside it (like ROUTING_PORTS), away from every other area. */
export const LIVE_PAGE_E2E_PORTS = { enrichment: 4171, redisSink: 4172, livePage: 4173 } as const;

/** Where the spec leaves its screenshot (a test artifact; docs/images/live-page.png is a copy). */
export const SCREENSHOT = join(WORKSPACE_ROOT, 'tmp/live-page/live-page.png');

/** Debian's chromium (installed by `npm test`'s install step: scripts/stack/lib/test-tools.sh). */
export const CHROMIUM = '/usr/bin/chromium';

/** The built live page (dist/tools/live-page/main.js) as a child process. */
export class LivePageProcess {
  private child: ChildProcess | null = null;
  private output = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  async start(): Promise<this> {
    this.child = spawn(process.execPath, [join(WORKSPACE_ROOT, 'dist/tools/live-page/main.js')], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        LIVE_PAGE_PORT: String(this.port),
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await waitUntil(
      async () => {
        const response = await fetch(`${this.url}/health`).catch(() => null);
        return response?.status === 200 ? true : undefined;
      },
      `live page /health (build it first: npx nx build live-page)\n${this.output}`,
      30_000,
      100,
    );
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** Headless Chromium; --no-sandbox because the tests run as root. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    defaultViewport: { width: 1200, height: 900 },
  });
}
