/**
 * The BigQuery write path without the sink (npm run bench:bigquery-ceiling, docs/benchmark.md):
 * the sink's own MERGE (EngagementTable.insertMissing, one job at a time) over `--rows` rows
 * in batches of `--batch` (the sink's default BIGQUERY_BATCH_MAX_ROWS), against the emulator of
 * the local stack, into a dataset of its own that is dropped afterwards. What the warehouse
 * takes at most, so the sink's rate in npm run bench reads as a share of it.
 */
import { parseArgs } from 'node:util';

import {
  BigQueryConfig,
  createBigQueryClient,
  EngagementTable,
  toRowParams,
} from '@cdc/bigquery-store';
import { anEnrichedEvent, isoMicros, stackEnvironment } from '@cdc/testing';

import { BigQueryFixture, BQ_PROJECT } from '../harness';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '5000' },
    },
  });
  const rows = Number(values.rows);
  const batch = Number(values.batch);
  const dataset = `bench_ceiling_${Date.now()}`;
  const config = Object.assign(new BigQueryConfig(), {
    BIGQUERY_PROJECT_ID: BQ_PROJECT,
    BIGQUERY_API_ENDPOINT: stackEnvironment.BIGQUERY_API_ENDPOINT,
    BIGQUERY_DATASET: dataset,
  });
  const table = new EngagementTable(createBigQueryClient(config), config);
  await table.ensure();
  const contents = Array.from(
    { length: 50 },
    (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  );
  const base = Date.now();
  const params = Array.from({ length: rows }, (_, index) =>
    toRowParams(
      anEnrichedEvent({
        event_id: String(9_000_000_000_000 + index),
        content_id: contents[index % contents.length] as string,
        event_ts: isoMicros(base + index),
        // The payload npm run bench's rows carry: the emulator parses it (PARSE_JSON) per row.
        raw_payload: { bench: true, n: index },
        origin: 'cdc',
      }),
    ),
  );
  try {
    const started = Date.now();
    let inserted = 0;
    for (let start = 0; start < rows; start += batch) {
      inserted += await table.insertMissing(params.slice(start, start + batch));
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `BigQuery emulator ceiling: ${inserted} rows in ${seconds.toFixed(1)} s = ${Math.round(inserted / seconds)} rows/s (MERGE batches of ${batch}, one at a time)\n`,
    );
  } finally {
    await new BigQueryFixture().dropDataset(dataset);
  }
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
