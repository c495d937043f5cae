import type { ServerResponse } from 'node:http';

import { type LiveSections, SECTION_IDS } from '../view/live-sections';

/**
 * One browser's server-sent event stream: every interval, the sections whose HTML changed
 * since the last message (all of them first), the announcement and the update time. A tick
 * starts only after the previous one finished, so a slow read API never piles up reads.
 */
export class UpdateStream {
  private readonly sent = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly intervalMs: number,
    private readonly read: () => Promise<LiveSections>,
  ) {}

  async start(): Promise<void> {
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    // EventSource reconnects by itself after this long if the page's server restarts.
    this.response.write('retry: 2000\n\n');
    await this.tick();
  }

  close(): void {
    this.closed = true;
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.response.end();
  }

  private async tick(): Promise<void> {
    if (this.closed) {
      return;
    }
    try {
      const live = await this.read();
      const changed: Record<string, string> = {};
      for (const id of SECTION_IDS) {
        if (this.sent.get(id) !== live.sections[id]) {
          changed[id] = live.sections[id];
          this.sent.set(id, live.sections[id]);
        }
      }
      const message = {
        sections: changed,
        announcement: live.announcement,
        updatedAt: live.updatedAt,
        updatedClock: live.updatedClock,
      };
      if (!this.closed) {
        this.response.write(`event: update\ndata: ${JSON.stringify(message)}\n\n`);
      }
    } catch {
      // Nothing to send this time (the reads never throw, but rendering might); the next tick retries.
    } finally {
      if (!this.closed) {
        this.timer = setTimeout(() => void this.tick(), this.intervalMs);
      }
    }
  }
}
