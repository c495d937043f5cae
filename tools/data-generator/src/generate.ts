/**
 * Writes a steady stream of engagement events into Postgres, as the product would, so the
 * pipeline has something to carry: `npm run generate -- --rate 20 --duration 60`.
 * Seeds a small content catalogue first when there is none.
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

async function seedContent(db: SourceDbFixture, wanted: number): Promise<string[]> {
  const existing = await db.query<{ id: string }>(
    'SELECT id FROM content ORDER BY publish_ts DESC LIMIT $1',
    [wanted],
  );
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
  const contentIds = await seedContent(db, Number(values.content));
  const users = Array.from({ length: 50 }, () => randomUUID());
  const stopAt =
    durationSeconds > 0 ? Date.now() + durationSeconds * 1000 : Number.POSITIVE_INFINITY;
  let running = true;
  process.on('SIGINT', () => (running = false));
  process.on('SIGTERM', () => (running = false));
  let inserted = 0;
  const started = Date.now();
  process.stdout.write(`generator: ${rate} events/s over ${contentIds.length} content items\n`);
  while (running && Date.now() < stopAt) {
    const tickStart = Date.now();
    const batch = Array.from({ length: Math.max(1, Math.round(rate / 10)) }, () =>
      anEvent({
        content_id: Math.random() < 0.03 ? null : pick(contentIds),
        user_id: pick(users),
        event_type: pick(EVENT_TYPES),
        event_ts: new Date().toISOString(),
        duration_ms: Math.random() < 0.05 ? null : Math.floor(Math.random() * 120_000),
        device: pick(DEVICES),
        raw_payload: { app_version: '5.2.0', session: randomUUID().slice(0, 8) },
      }),
    );
    await db.insertEvents(batch);
    inserted += batch.length;
    if (inserted % (rate * 5) < batch.length) {
      process.stdout.write(
        `generator: ${inserted} events inserted (${(inserted / ((Date.now() - started) / 1000)).toFixed(1)}/s)\n`,
      );
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, 100 - (Date.now() - tickStart))),
    );
  }
  process.stdout.write(`generator: done, ${inserted} events inserted\n`);
  await db.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`generator failed: ${String(error)}\n`);
  process.exit(1);
});
