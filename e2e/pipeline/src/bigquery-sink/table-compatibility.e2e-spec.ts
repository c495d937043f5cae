import { engagementColumns, tableLayout } from '@cdc/bigquery-store';
import { Topics } from '@cdc/contracts';
import { anEnrichedEvent, enrichedRecord, KafkaFixture, waitUntil } from '@cdc/testing';

import { BigQueryFixture, BigquerySinkHarness } from '../harness';

const INCOMPATIBLE_DATASET = 'e2e_bq_schema_incompatible';
const WIDENED_DATASET = 'e2e_bq_schema_widened';

/** The table the sink would create, with its columns changed by `change`. */
function tableBody(
  change: (
    fields: { name: string; type: string; mode: string }[],
  ) => { name: string; type: string; mode: string }[],
) {
  const fields = engagementColumns('hour').map(({ name, type, mode }) => ({ name, type, mode }));
  return { schema: { fields: change(fields) }, ...tableLayout('hour', undefined) };
}

describe('bigquery-sink: an existing table must fit the rows', () => {
  const kafka = new KafkaFixture();
  const bigquery = new BigQueryFixture();
  const incompatible = new BigquerySinkHarness({
    name: 'bq-schema-incompatible',
    dataset: INCOMPATIBLE_DATASET,
  });
  const widened = new BigquerySinkHarness({ name: 'bq-schema-widened', dataset: WIDENED_DATASET });

  afterAll(async () => {
    await incompatible.close();
    await widened.close();
    await kafka.close();
  });

  it('exits 1 at start, naming the column, when a column has another type', async () => {
    await bigquery.dropDataset(INCOMPATIBLE_DATASET);
    await bigquery.createDataset(INCOMPATIBLE_DATASET);
    await bigquery.createTable(
      INCOMPATIBLE_DATASET,
      'engagement_events',
      tableBody((fields) =>
        fields.map((field) =>
          field.name === 'engagement_pct' ? { ...field, type: 'FLOAT64' } : field,
        ),
      ),
    );

    const failing = await incompatible.spawn();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      failing.exited(),
      new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), 60_000))),
    ]);
    clearTimeout(timer);

    expect(code).toBe(1);
    expect(failing.logs).toContain(
      `bigquery-sink failed to start. IncompatibleTableError: BigQuery table engagement-local.${INCOMPATIBLE_DATASET}.engagement_events has an incompatible schema: ` +
        'column "engagement_pct" is FLOAT64 but the sink writes NUMERIC. Migrate the table (or drop it to let the sink recreate it), or set BIGQUERY_TABLE to another table.',
    );
  });

  it('tolerates an added NULLABLE column and keeps writing', async () => {
    await bigquery.dropDataset(WIDENED_DATASET);
    await bigquery.createDataset(WIDENED_DATASET);
    await bigquery.createTable(
      WIDENED_DATASET,
      'engagement_events',
      tableBody((fields) => [...fields, { name: 'campaign', type: 'STRING', mode: 'NULLABLE' }]),
    );
    await widened.placeAtEnd();
    await widened.start();
    const event = anEnrichedEvent();

    await kafka.produce(Topics.enriched, [enrichedRecord(event)]);
    await bigquery.waitForRows(WIDENED_DATASET, [event.event_id]);
    const rows = await waitUntil(
      () =>
        bigquery.query<{ event_id: number; campaign: string | null }>(
          `SELECT event_id, campaign FROM ${bigquery.table(WIDENED_DATASET)} WHERE event_id = ${event.event_id}`,
        ),
      'the row',
    );

    expect(rows).toEqual([{ event_id: Number(event.event_id), campaign: null }]);
  });
});
