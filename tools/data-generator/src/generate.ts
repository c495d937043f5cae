/**
 * Writes a steady stream of engagement events into Postgres, as the product would, so the
 * pipeline has something to carry: `npm run generate -- --rate 20 --duration 60`.
 * Seeds a small content catalogue first when there is none, and picks among the newest
 * `--content` items, re-read every 10 s so that content added meanwhile gets events too.
 * The rate holds for any value, fractions included: each 100 ms tick inserts what is due since
 * the start, so --rate 2 is one event every half second, not one a tick.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { aContent, anEvent, SourceDbFixture } from '@cdc/testing';

const EVENT_TYPES = ['play', 'pause', 'finish', 'click'] as const;
const DEVICES = ['ios', 'android', 'web', 'tv'];
const CONTENT_TYPES = ['podcast', 'newsletter', 'video'] as const;

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    duration: { type: 'string', default: '0' },
    content: { type: 'string', default: '12' },
  },
});
const rate = Number(values.rate);
const durationSeconds = Number(values.duration);

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

const TICK_MS = 100;
const CONTENT_REFRESH_MS = 10_000;

/** Events due at `elapsedMs` after the start at `rate` per second, minus those inserted. */
function dueEvents(rate: number, elapsedMs: number, inserted: number): number {
  return Math.max(0, Math.floor((rate * elapsedMs) / 1000) - inserted);
}

async function newestContent(db: SourceDbFixture, wanted: number): Promise<{ id: string }[]> {
  return db.query<{ id: string }>('SELECT id FROM content ORDER BY publish_ts DESC LIMIT $1', [
    wanted,
  ]);
}

async function seedContent(db: SourceDbFixture, wanted: number): Promise<string[]> {
  const existing = await newestContent(db, wanted);
  for (let index = existing.length; index < wanted; index += 1) {
    const contentType = pick(CONTENT_TYPES);
    const row = aContent({
      content_type: contentType,
      length_seconds:
        contentType === 'newsletter' ? null : 60 * (5 + Math.floor(Math.random() * 55)),
    });
    await db.insertContent(row);
    existing.push({ id: row.id });
  }
  return existing.map((row) => row.id);
}

async function main(): Promise<void> {
  const db = new SourceDbFixture();
  let contentIds = await seedContent(db, Number(values.content));
  let contentReadAt = Date.now();
  const run = randomUUID().slice(0, 8);
  const users = Array.from({ length: 50 }, () => randomUUID());
  const stopAt =
    durationSeconds > 0 ? Date.now() + durationSeconds * 1000 : Number.POSITIVE_INFINITY;
  let running = true;
  process.on('SIGINT', () => (running = false));
  process.on('SIGTERM', () => (running = false));
  let inserted = 0;
  const started = Date.now();
  process.stdout.write(
    `generator: run ${run}, ${rate} events/s over ${contentIds.length} content items\n`,
  );
  let lastReport = started;
  while (running && Date.now() < stopAt) {
    const tickStart = Date.now();
    if (tickStart - contentReadAt >= CONTENT_REFRESH_MS) {
      const newest = (await newestContent(db, Number(values.content))).map((row) => row.id);
      contentIds = newest.length > 0 ? newest : contentIds;
      contentReadAt = tickStart;
    }
    const batch = Array.from({ length: dueEvents(rate, tickStart - started, inserted) }, () =>
      anEvent({
        content_id: Math.random() < 0.03 ? null : pick(contentIds),
        user_id: pick(users),
        event_type: pick(EVENT_TYPES),
        event_ts: new Date().toISOString(),
        duration_ms: Math.random() < 0.05 ? null : Math.floor(Math.random() * 120_000),
        device: pick(DEVICES),
        raw_payload: {
          app_version: '5.2.0',
          session: randomUUID().slice(0, 8),
          generator_run: run,
        },
      }),
    );
    await db.insertEvents(batch);
    inserted += batch.length;
    if (Date.now() - lastReport >= 5_000) {
      lastReport = Date.now();
      process.stdout.write(
        `generator: ${inserted} events inserted (${(inserted / ((Date.now() - started) / 1000)).toFixed(1)}/s)\n`,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, TICK_MS - (Date.now() - tickStart))),
    );
  }
  process.stdout.write(`generator: done, ${inserted} events inserted\n`);
  await db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`generator failed: ${String(error)}\n`);
  process.exit(1);
});
