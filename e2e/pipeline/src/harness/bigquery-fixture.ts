import { stackEnvironment, waitUntil } from '@cdc/testing';

export const BQ_PROJECT = process.env['BIGQUERY_PROJECT_ID'] ?? 'engagement-local';

type Cell = { v: unknown };
interface QueryResponse {
  jobComplete?: boolean;
  schema?: { fields: { name: string; type: string }[] };
  rows?: { f: Cell[] }[];
  error?: { message?: string };
}

/** A NUMERIC's exact decimal text without trailing zeros: the emulator answers 7.000 where BigQuery answers 7. */
export function canonicalDecimal(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  const text = String(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * Assertions read the emulator over its REST API with fetch: the BigQuery client's HTTP layer
 * loads node-fetch with a dynamic import, which Jest's module sandbox refuses.
 */
export class BigQueryFixture {
  private readonly base = `${stackEnvironment.BIGQUERY_API_ENDPOINT}/bigquery/v2/projects/${BQ_PROJECT}`;

  /** Drops the dataset (and its tables) so that a rerun starts from nothing. */
  async dropDataset(dataset: string): Promise<void> {
    const response = await fetch(`${this.base}/datasets/${dataset}?deleteContents=true`, {
      method: 'DELETE',
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`dropping ${dataset}: ${response.status} ${await response.text()}`);
    }
  }

  async createDataset(dataset: string): Promise<void> {
    await this.call('POST', '/datasets', {
      datasetReference: { projectId: BQ_PROJECT, datasetId: dataset },
      location: 'US',
    });
  }

  async createTable(dataset: string, table: string, body: Record<string, unknown>): Promise<void> {
    await this.call('POST', `/datasets/${dataset}/tables`, {
      tableReference: { projectId: BQ_PROJECT, datasetId: dataset, tableId: table },
      ...body,
    });
  }

  async tableMetadata(
    dataset: string,
    table = 'engagement_events',
  ): Promise<Record<string, unknown>> {
    return this.call('GET', `/datasets/${dataset}/tables/${table}`);
  }

  /** Runs a query; INT64 cells become numbers, everything else stays text (NUMERIC included, exact). */
  async query<T = Record<string, unknown>>(query: string): Promise<T[]> {
    const response = await this.call<QueryResponse>('POST', '/queries', {
      query,
      useLegacySql: false,
      location: 'US',
      timeoutMs: 60_000,
    });
    if (!response.jobComplete) {
      throw new Error(`query did not complete: ${query}`);
    }
    const fields = response.schema?.fields ?? [];
    return (response.rows ?? []).map(
      (row) =>
        Object.fromEntries(
          row.f.map((cell, index) => {
            const field = fields[index]!;
            const integer = field.type === 'INTEGER' || field.type === 'INT64';
            return [field.name, cell.v === null ? null : integer ? Number(cell.v) : cell.v];
          }),
        ) as T,
    );
  }

  table(dataset: string, table = 'engagement_events'): string {
    return `\`${BQ_PROJECT}.${dataset}.${table}\``;
  }

  /** Waits until `count` rows of these event ids are in the table. */
  async waitForRows(
    dataset: string,
    eventIds: readonly string[],
    count = eventIds.length,
    timeoutMs = 60_000,
  ): Promise<void> {
    await waitUntil(
      async () => ((await this.countOf(dataset, eventIds)) >= count ? true : undefined),
      `${count} rows of ${eventIds.length} event ids in ${dataset}`,
      timeoutMs,
      500,
    );
  }

  /** The `SELECT event_id, COUNT(*) ... HAVING COUNT(*) > 1` check over the whole table. */
  async duplicatedEventIds(dataset: string): Promise<{ event_id: number; n: number }[]> {
    return this.query(
      `SELECT event_id, COUNT(*) AS n FROM ${this.table(dataset)} GROUP BY event_id HAVING COUNT(*) > 1`,
    );
  }

  async countOf(dataset: string, eventIds: readonly string[]): Promise<number> {
    if (eventIds.length === 0) {
      return 0;
    }
    const [row] = await this.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${this.table(dataset)} WHERE event_id IN (${eventIds.join(', ')})`,
    );
    return row?.n ?? 0;
  }

  private async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: 'Bearer e2e' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(90_000),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 2_000)}`);
    }
    return JSON.parse(text) as T;
  }
}
