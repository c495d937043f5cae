import { randomUUID } from 'node:crypto';

import { rowBytes, toRowParams } from '@cdc/bigquery-store';
import { type DeadLetterRecordV1, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import {
  anEnrichedEvent,
  type AppProcess,
  enrichedRecord,
  KafkaFixture,
  metricValue,
} from '@cdc/testing';

import { BigQueryFixture, BigquerySinkHarness, parseValue } from '../harness';

const DATASET = 'e2e_bq_rejected_rows';
const MAX_ROW_BYTES = 65_536;

describe('bigquery-sink: rows BigQuery cannot take go to the dead-letter topic, their neighbours to the table', () => {
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  // One batch for the whole test: the bad rows share a MERGE with the good ones.
  const harness = new BigquerySinkHarness({
    name: 'bq-rejected-rows',
    dataset: DATASET,
    env: { BIGQUERY_MAX_ROW_BYTES: String(MAX_ROW_BYTES), BIGQUERY_BATCH_MAX_WAIT_MS: '2000' },
  });
  let sink: AppProcess;
  let deadLetters: TopicTail;

  beforeAll(async () => {
    await bigquery.dropDataset(DATASET);
    await harness.placeAtEnd();
    deadLetters = await kafka.tail([Topics.bigquerySinkDeadLetter]);
    sink = await harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await kafka.close();
  });

  it('dead-letters a schema violation, an oversized row and an undecodable record with their reasons, and writes the rest', async () => {
    // One content id keys every record onto one partition, in this order.
    const contentId = randomUUID();
    const good = [0, 1, 2, 3].map(() => anEnrichedEvent({ content_id: contentId }));
    // Valid for the contract (an integer), but beyond INT64: BigQuery refuses the cast.
    const outOfRange = anEnrichedEvent({ content_id: contentId, length_seconds: 1e20 });
    const oversized = anEnrichedEvent({
      content_id: contentId,
      raw_payload: { blob: 'x'.repeat(70_000) },
    });
    const undecodable = anEnrichedEvent({ content_id: contentId });
    const { device: _device, ...withoutDevice } = undecodable;
    await kafka.produce(Topics.enriched, [
      enrichedRecord(good[0]!),
      enrichedRecord(outOfRange),
      enrichedRecord(good[1]!),
      enrichedRecord(oversized),
      enrichedRecord(good[2]!),
      enrichedRecord(undecodable, undefined, JSON.stringify(withoutDevice)),
      enrichedRecord(good[3]!),
    ]);

    const badIds = new Set([outOfRange.event_id, oversized.event_id, undecodable.event_id]);
    const letters = (
      await deadLetters.waitFor(
        (record) => badIds.has(parseValue<DeadLetterRecordV1>(record).event_id ?? ''),
        3,
        90_000,
      )
    ).map((record) => parseValue<DeadLetterRecordV1>(record));
    await bigquery.waitForRows(
      DATASET,
      good.map((event) => event.event_id),
    );

    const byId = new Map(letters.map((letter) => [letter.event_id, letter]));
    expect(byId.get(outOfRange.event_id)?.reason).toMatch(
      /^BigQuery rejected the row: invalidQuery: .*100000000000000000000.*INT64/s,
    );
    expect(byId.get(oversized.event_id)?.reason).toBe(
      `row too large: ${rowBytes(toRowParams(oversized))} bytes, over the ${MAX_ROW_BYTES}-byte limit (BIGQUERY_MAX_ROW_BYTES; a BigQuery query request carries at most 10 MB)`,
    );
    expect(byId.get(undecodable.event_id)?.reason).toBe(
      'not a valid engagement.enriched.v1 event: device is missing',
    );
    for (const letter of letters) {
      expect([letter.stage, letter.source.topic]).toEqual(['bigquery-sink', Topics.enriched]);
    }
    expect(
      Buffer.from(byId.get(outOfRange.event_id)!.original.value_base64!, 'base64').toString(),
    ).toBe(JSON.stringify(outOfRange));
    expect(
      await bigquery.countOf(
        DATASET,
        good.map((event) => event.event_id),
      ),
    ).toBe(4);
    expect(await bigquery.countOf(DATASET, [...badIds])).toBe(0);
    // The batch was split at least once to isolate the rejected row.
    expect(
      metricValue(await sink.metrics(), 'cdc_bigquery_sink_merge_failures_total', {
        kind: 'rejected',
      }),
    ).toBeGreaterThanOrEqual(2);
  });
});
