import { aContent, anEvent, metricValue, SourceDbFixture, waitUntil } from '@cdc/testing';

import {
  BigQueryFixture,
  BigquerySinkHarness,
  EnrichmentHarness,
  type TopicPositions,
} from '../harness';

const DATASET = 'e2e_bq_crash_replay';
const EVENTS = 3_000;

describe('bigquery-sink: exactly one row per event_id across kill -9 and replays', () => {
  const db = new SourceDbFixture();
  const bigquery = new BigQueryFixture();
  const harness = new BigquerySinkHarness({ name: 'bq-crash-replay', dataset: DATASET });
  // A second sink, in a new consumer group, for the replay.
  const replay = new BigquerySinkHarness({ name: 'bq-crash-replay-again', dataset: DATASET });
  const enrichment = new EnrichmentHarness({ name: 'bq-crash-replay' });
  let before: TopicPositions;

  beforeAll(async () => {
    await bigquery.dropDataset(DATASET);
    before = await harness.endOffsets();
    await enrichment.start();
  });

  afterAll(async () => {
    await replay.close();
    await harness.close();
    await enrichment.close();
    await db.close();
  });

  async function countForContent(contentId: string): Promise<number> {
    const [row] = await bigquery.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${bigquery.table(DATASET)} WHERE content_id = '${contentId}'`,
    );
    return row?.n ?? 0;
  }

  async function groundTruth(contentId: string): Promise<number> {
    const [row] = await db.query<{ n: string }>(
      'SELECT COUNT(*) AS n FROM engagement_events WHERE content_id = $1',
      [contentId],
    );
    return Number(row?.n);
  }

  it('restarts after a kill -9 in the middle of its batches without a duplicate or a gap', async () => {
    const content = await db.insertContent(aContent());
    for (let start = 0; start < EVENTS; start += 500) {
      await db.insertEvents(
        Array.from({ length: 500 }, (_, index) =>
          anEvent({ content_id: content.id, raw_payload: { seq: start + index } }),
        ),
      );
    }
    await harness.placeAt(before);
    await harness.start({ BIGQUERY_BATCH_MAX_ROWS: '250', BIGQUERY_BATCH_MAX_WAIT_MS: '200' });

    const writtenAtKill = await waitUntil(
      async () => {
        const written = await countForContent(content.id);
        return written > 0 ? written : undefined;
      },
      'the first rows of the content in BigQuery',
      120_000,
      100,
    );
    await harness.kill('SIGKILL');
    await harness.restart();
    await waitUntil(
      async () => ((await countForContent(content.id)) >= EVENTS ? true : undefined),
      `${EVENTS} rows after the restart`,
      180_000,
      500,
    );

    expect(writtenAtKill).toBeLessThan(EVENTS);
    expect(await groundTruth(content.id)).toBe(EVENTS);
    expect(await countForContent(content.id)).toBe(EVENTS);
    expect(await bigquery.duplicatedEventIds(DATASET)).toEqual([]);
    // One sink per port: the replay below must not find this one answering its /health.
    await harness.stop();
  });

  it('replays the same records through a new consumer group without adding a row', async () => {
    // The first test wrote every record since `before`; a new group placed there reads them all again.
    const [stored] = await bigquery.query<{ n: number; ids: number }>(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM ${bigquery.table(DATASET)}`,
    );
    await replay.placeAt(before);
    await replay.start();

    await waitUntil(
      async () =>
        metricValue(await replay.metrics(), 'cdc_sink_events_total', {
          sink: 'bigquery',
          outcome: 'duplicate',
        }) >= (stored?.n ?? 0)
          ? true
          : undefined,
      'the replay to reach every stored row',
      150_000,
      500,
    );

    expect(stored?.n).toBe(stored?.ids);
    expect(await bigquery.duplicatedEventIds(DATASET)).toEqual([]);
  });
});
