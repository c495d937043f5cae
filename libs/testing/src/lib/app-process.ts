import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { waitUntil } from './wait-until';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

/**
 * Runs a built app (dist/apps/<name>/main.js) as a real child process, so tests can kill -9
 * it, SIGTERM it and restart it like an orchestrator would.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private exit: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly app: string,
    private readonly env: Record<string, string>,
    readonly port: number,
    /** Node's own flags (e.g. --cpu-prof), which NODE_OPTIONS may not carry. */
    private readonly nodeArgs: readonly string[] = [],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  /** The process id while it runs, e.g. for reading its CPU time in /proc. */
  get pid(): number | null {
    return livePid(this.child);
  }

  /**
   * Starts the app and waits until GET /health answers 200. An app that never gets ready is
   * killed, so that it cannot hold its port for the next test, and the error carries its output.
   */
  async start(timeoutMs = 60_000): Promise<this> {
    this.spawn();
    try {
      await waitUntil(
        async () => ((await this.status('/health')) === 200 ? true : undefined),
        `${this.app} /health = 200`,
        timeoutMs,
        200,
      );
    } catch (error) {
      const output = this.output.slice(-4000);
      await this.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${this.app} output:\n${output}`);
    }
    return this;
  }

  /** Starts the app without waiting, e.g. to watch it fail on bad configuration. */
  spawn(): this {
    const child = spawn(
      process.execPath,
      [...this.nodeArgs, join(WORKSPACE_ROOT, 'dist/apps', this.app, 'main.js')],
      {
        cwd: WORKSPACE_ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          HTTP_PORT: String(this.port),
          LOG_LEVEL: 'warn',
          ...this.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    this.output = '';
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    return this;
  }

  /** Resolves with the exit code once the process has ended. */
  exited(): Promise<number | null> {
    return this.exit;
  }

  async status(path: string): Promise<number | null> {
    try {
      const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return null;
    }
  }

  async get<T>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: (await response.json()) as T };
  }

  async metrics(): Promise<string> {
    const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
    return response.text();
  }

  /** Sends a signal and waits for the process to end. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
      return this.child?.exitCode ?? null;
    }
    this.child.kill(signal);
    return this.exit;
  }
}

/** The pid of a child process that has not exited, or null. */
export function livePid(child: ChildProcess | null): number | null {
  return child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null;
}
