/**
 * Commit → Redis latency at a light steady load, on the local stack:
 *   npm run bench:redis-latency            (BENCH_RATE events/s, default 200, for BENCH_SECONDS, default 30)
 * Runs the built enrichment (shared group) and a redis-sink of its own (own group and key
 * prefix), inserts events into Postgres in small transactions, then reads every event's
 * applied_at_ms (Redis' clock at the write) from the recent lists and subtracts source_ts_ms
 * (the Postgres commit, from Debezium). Prints p50/p95/p99 and the sink's own histogram count.
 */
import { randomInt } from 'node:crypto';

import { type EnrichedEngagementEventV1, RecordHeaders, Topics } from '@cdc/contracts';
import { aContent, anEvent, metricValue, SourceDbFixture, waitUntil } from '@cdc/testing';

import { EnrichmentHarness, REDIS_E2E_PORTS, RedisSinkHarness } from '../harness';

const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 30);
const CONTENTS = 20;
const TICK_MS = 50;
const TYPES = ['play', 'pause', 'finish', 'click'] as const;
const SINK_KNOBS = ['CONSUMER_MAX_WAIT_MS', 'CONSUMER_CONCURRENCY'] as const;

interface Entry {
  event_id: string;
  source_ts_ms: number | null;
  applied_at_ms: number;
}

async function main(): Promise<void> {
  // Sink tuning knobs pass through, e.g. CONSUMER_MAX_WAIT_MS=50 npm run bench:redis-latency.
  const tuning = Object.fromEntries(
    SINK_KNOBS.flatMap((name) => (process.env[name] ? [[name, process.env[name] as string]] : [])),
  );
  const harness = new RedisSinkHarness({
    name: 'bench',
    port: REDIS_E2E_PORTS.bench,
    env: { REDIS_RECENT_EVENTS: '10000', LOG_LEVEL: 'warn', ...tuning },
  });
  const enrichment = new EnrichmentHarness({ name: 'bench', port: REDIS_E2E_PORTS.enrichment });
  const db = new SourceDbFixture();
  await harness.placeAtEnd();
  // The enriched records split the latency into Debezium+enrichment and Kafka+sink.
  const enriched = await harness.kafka.tail([Topics.enriched]);
  await enrichment.start();
  await harness.start();
  try {
    const contents = await Promise.all(
      Array.from({ length: CONTENTS }, () => db.insertContent(aContent({ length_seconds: 1200 }))),
    );
    const ids = contents.map((content) => content.id);
    const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
    const insert = async (count: number) => {
      const now = new Date().toISOString().replace('Z', '000Z');
      return db.insertEvents(
        Array.from({ length: count }, () =>
          anEvent({
            content_id: ids[randomInt(0, ids.length)] as string,
            event_type: TYPES[randomInt(0, 4)] as (typeof TYPES)[number],
            duration_ms: randomInt(0, 600_000),
            event_ts: now,
          }),
        ),
      );
    };
    // Warm-up: connections, partition assignment, content catalog.
    const warmUp = await insert(20);
    await waitUntil(
      async () => ((await readEntries(harness, ids)).size >= warmUp.length ? true : undefined),
      'warm-up applied',
      60_000,
      200,
    );

    process.stdout.write(
      `Inserting ${perTick} events every ${TICK_MS} ms (${(perTick * 1000) / TICK_MS}/s) for ${SECONDS} s...\n`,
    );
    const eventIds: string[] = [];
    const started = Date.now();
    for (let tick = 0; Date.now() - started < SECONDS * 1000; tick += 1) {
      eventIds.push(...(await insert(perTick)));
      const next = started + (tick + 1) * TICK_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
    const elapsed = (Date.now() - started) / 1000;
    const wanted = new Set(eventIds);
    const entries = await waitUntil(
      async () => {
        const all = await readEntries(harness, ids);
        const mine = [...all.values()].filter((entry) => wanted.has(entry.event_id));
        return mine.length === wanted.size ? mine : undefined;
      },
      `${wanted.size} events applied`,
      120_000,
      500,
    );
    const latencies = sorted(
      entries.map((entry) => entry.applied_at_ms - (entry.source_ts_ms as number)),
    );
    const published = new Map(
      enriched.records
        .filter((record) => wanted.has(record.headers[RecordHeaders.eventId] ?? ''))
        .map((record) => [
          record.headers[RecordHeaders.eventId] as string,
          {
            producedAt: Number(record.timestamp),
            value: JSON.parse(record.value?.toString() ?? '{}') as EnrichedEngagementEventV1,
          },
        ]),
    );
    const split = entries.flatMap((entry) => {
      const record = published.get(entry.event_id);
      return record
        ? [
            {
              toEnriched: record.producedAt - (entry.source_ts_ms as number),
              toRedis: entry.applied_at_ms - record.producedAt,
              received: Date.parse(record.value.enriched_at) - (entry.source_ts_ms as number),
            },
          ]
        : [];
    });
    const line = (name: string, values: number[]) => {
      const ordered = sorted(values);
      return `  ${name.padEnd(44)} p50 ${quantile(ordered, 0.5)}  p95 ${quantile(ordered, 0.95)}  p99 ${quantile(ordered, 0.99)}`;
    };
    const metrics = await harness.metrics();
    const observed = metricValue(metrics, 'cdc_commit_to_sink_latency_seconds_count', {
      sink: 'redis',
    });
    const underOneSecond = metricValue(metrics, 'cdc_commit_to_sink_latency_seconds_bucket', {
      sink: 'redis',
      le: '1',
    });
    process.stdout.write(
      [
        `events: ${entries.length} in ${elapsed.toFixed(1)} s (${(entries.length / elapsed).toFixed(0)}/s), ${CONTENTS} contents`,
        `commit → Redis latency (Redis TIME at the write - Debezium source.ts_ms), ms:`,
        `  p50 ${quantile(latencies, 0.5)}  p95 ${quantile(latencies, 0.95)}  p99 ${quantile(latencies, 0.99)}  max ${latencies[latencies.length - 1]}  min ${latencies[0]}`,
        `split over ${split.length} events (ms):`,
        line(
          'commit → enrichment received (Debezium, Kafka)',
          split.map((entry) => entry.received),
        ),
        line(
          'commit → enriched record produced',
          split.map((entry) => entry.toEnriched),
        ),
        line(
          'enriched record produced → Redis write (sink)',
          split.map((entry) => entry.toRedis),
        ),
        `sink histogram cdc_commit_to_sink_latency_seconds{sink="redis"}: ${observed} observations, ${underOneSecond} under 1 s`,
        '',
      ].join('\n'),
    );
  } finally {
    await harness.close();
    await enrichment.close();
    await db.close();
  }
}

async function readEntries(
  harness: RedisSinkHarness,
  ids: readonly string[],
): Promise<Map<string, Entry>> {
  const lists = await Promise.all(
    ids.map((id) => harness.redis.lrange(harness.layout.recent(id), 0, -1)),
  );
  const entries = new Map<string, Entry>();
  for (const raw of lists.flat()) {
    const entry = JSON.parse(raw) as Entry;
    entries.set(entry.event_id, entry);
  }
  return entries;
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ] as number;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
