/**
 * Prints enriched events as they arrive, with their commit-to-enriched latency: the visible
 * sign that the pipeline flows. `npm run watch -- --limit 20` stops after 20 events.
 */
import { parseArgs } from 'node:util';

import { decodeEnrichedEvent, Topics } from '@cdc/contracts';
import { KafkaFixture } from '@cdc/testing';

const { values } = parseArgs({ options: { limit: { type: 'string', default: '0' } } });
const limit = Number(values.limit);

async function main(): Promise<void> {
  const kafka = new KafkaFixture();
  const tail = await kafka.tail([Topics.enriched]);
  process.stdout.write(`watching ${Topics.enriched} …\n`);
  let printed = 0;
  let stop = false;
  process.on('SIGINT', () => (stop = true));
  process.on('SIGTERM', () => (stop = true));
  while (!stop && (limit === 0 || printed < limit)) {
    const record = tail.records[printed];
    if (!record) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    printed += 1;
    const decoded = decodeEnrichedEvent(record.value);
    if (!decoded.ok) {
      continue;
    }
    const event = decoded.value;
    const latency =
      event.source_ts_ms === null
        ? ''
        : ` ${Date.parse(event.enriched_at) - event.source_ts_ms} ms after commit`;
    process.stdout.write(
      `enriched #${event.event_id} ${event.event_type.padEnd(6)} ${String(event.content_type ?? '-').padEnd(10)} ` +
        `${(event.content_slug ?? 'unknown').padEnd(18)} ${String(event.engagement_seconds ?? '-')} s ${String(event.engagement_pct ?? '-')} %${latency}\n`,
    );
  }
  await kafka.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`watch failed: ${String(error)}\n`);
  process.exit(1);
});
