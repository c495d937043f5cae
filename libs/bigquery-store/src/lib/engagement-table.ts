import { BigQuery, type Query, type TableMetadata } from '@google-cloud/bigquery';
import { Injectable, Logger } from '@nestjs/common';

import { BigQueryConfig } from './bigquery.config';
import type { EngagementRowParams } from './engagement-row';
import { type ColumnSpec, engagementColumns } from './engagement-table.schema';
import { buildMerge, type TableRef } from './merge-statement';
import { IncompatibleTableError, schemaIncompatibilities } from './schema-compatibility';
import { type TableLayout, tableLayout } from './table-layout';

export interface EnsureResult {
  created: boolean;
  /** Differences that do not stop the sink, e.g. an existing table partitioned differently. */
  warnings: string[];
}

/** The engagement table: creation, the start-up schema check, and idempotent batch inserts. */
@Injectable()
export class EngagementTable {
  private readonly logger = new Logger(EngagementTable.name);
  readonly ref: TableRef;
  readonly columns: ColumnSpec[];
  readonly layout: TableLayout;

  constructor(
    readonly client: BigQuery,
    private readonly config: BigQueryConfig,
  ) {
    this.ref = {
      projectId: config.BIGQUERY_PROJECT_ID,
      datasetId: config.BIGQUERY_DATASET,
      tableId: config.BIGQUERY_TABLE,
    };
    this.columns = engagementColumns(config.BIGQUERY_PARTITIONING);
    this.layout = tableLayout(config.BIGQUERY_PARTITIONING, config.BIGQUERY_30M_RANGE_START);
  }

  get name(): string {
    return `${this.ref.projectId}.${this.ref.datasetId}.${this.ref.tableId}`;
  }

  /** Creates the dataset and table when missing; throws IncompatibleTableError when the table cannot take the rows. */
  async ensure(): Promise<EnsureResult> {
    const dataset = this.client.dataset(this.ref.datasetId, {
      location: this.config.BIGQUERY_LOCATION,
    });
    const [datasetExists] = await dataset.exists();
    if (!datasetExists) {
      await dataset.create({ location: this.config.BIGQUERY_LOCATION }).catch(ignoreAlreadyExists);
      this.logger.log(
        `Created dataset ${this.ref.projectId}.${this.ref.datasetId} in ${this.config.BIGQUERY_LOCATION}`,
      );
    }
    const table = dataset.table(this.ref.tableId);
    let metadata = await this.metadata();
    let created = false;
    if (!metadata) {
      const [, response] = await table
        .create({
          schema: {
            fields: this.columns.map(({ name, type, mode, description }) => ({
              name,
              type,
              mode,
              description,
            })),
          },
          ...this.layout,
          description:
            'Enriched engagement events, one row per event_id (written by bigquery-sink)',
        })
        .catch((error: unknown) =>
          isAlreadyExists(error) ? [null, undefined] : Promise.reject(error),
        );
      created = response !== undefined;
      if (created) {
        this.logger.log(`Created table ${this.name} (${describeLayout(this.layout)})`);
      }
      metadata = await this.metadata();
      if (!metadata) {
        throw new Error(`BigQuery table ${this.name} is missing right after it was created`);
      }
    }
    const problems = schemaIncompatibilities(
      this.columns,
      metadata.schema?.fields?.map((field) => ({
        name: field.name ?? '',
        type: field.type ?? '',
        mode: field.mode,
      })) ?? [],
    );
    if (problems.length > 0) {
      throw new IncompatibleTableError(this.name, problems);
    }
    const warnings = layoutDifferences(this.layout, metadata);
    for (const warning of warnings) {
      this.logger.warn(`Table ${this.name}: ${warning}`);
    }
    return { created, warnings };
  }

  async metadata(): Promise<TableMetadata | null> {
    try {
      const [metadata] = await this.client
        .dataset(this.ref.datasetId)
        .table(this.ref.tableId)
        .getMetadata();
      return metadata as TableMetadata;
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) {
        return null;
      }
      throw error;
    }
  }

  /**
   * Inserts the rows whose event_id is not in the table yet, in one MERGE job (atomic: all of
   * them or none). Rows must have distinct event_ids. Returns how many rows were inserted.
   */
  async insertMissing(rows: readonly EngagementRowParams[]): Promise<number> {
    const statement = buildMerge(this.ref, this.config.BIGQUERY_PARTITIONING, rows);
    const request: Query = {
      query: statement.query,
      params: statement.params,
      types: statement.types as Query['types'],
      location: this.config.BIGQUERY_LOCATION,
      jobTimeoutMs: this.config.BIGQUERY_TIMEOUT_MS,
    };
    const [job] = await this.client.createQueryJob(request);
    await job.promise();
    const affected = (job.metadata as { statistics?: { query?: { numDmlAffectedRows?: string } } })
      .statistics?.query?.numDmlAffectedRows;
    return Number(affected ?? 0);
  }
}

function layoutDifferences(expected: TableLayout, metadata: TableMetadata): string[] {
  const warnings: string[] = [];
  const time = metadata.timePartitioning;
  const range = metadata.rangePartitioning;
  if (expected.timePartitioning) {
    if (
      time?.type !== expected.timePartitioning.type ||
      time.field !== expected.timePartitioning.field
    ) {
      warnings.push(
        `partitioned as ${describeActual(metadata)}, not ${describeLayout(expected)}; partitioning cannot change in place, so the sink keeps writing as is`,
      );
    }
  } else if (expected.rangePartitioning) {
    if (range?.field !== expected.rangePartitioning.field) {
      warnings.push(
        `partitioned as ${describeActual(metadata)}, not ${describeLayout(expected)}; partitioning cannot change in place, so the sink keeps writing as is`,
      );
    }
  }
  const partitionLimit = partitionLimitWarning(metadata);
  if (partitionLimit) {
    warnings.push(partitionLimit);
  }
  const clustering = metadata.clustering?.fields ?? [];
  if (clustering.join(',') !== expected.clustering.fields.join(',')) {
    warnings.push(
      `clustered by [${clustering.join(', ')}], not [${expected.clustering.fields.join(', ')}]`,
    );
  }
  return warnings;
}

/**
 * BigQuery allows 10,000 partitions per table. HOUR partitions without an expiration fill them
 * with 416 days of event_ts (an initial snapshot of more than 14 months at once), after which
 * rows that need a new partition are refused. The table may predate DAY as the default, or
 * BIGQUERY_PARTITIONING=hour was chosen: say so at every start, with the ways out.
 */
export function partitionLimitWarning(metadata: TableMetadata): string | null {
  const time = metadata.timePartitioning;
  if (time?.type !== 'HOUR' || Number(time.expirationMs ?? 0) > 0) {
    return null;
  }
  return (
    "HOUR partitions without a partition expiration reach BigQuery's limit of 10,000 partitions " +
    'per table after 416 days of event_ts, and rows that would need another partition are then ' +
    'refused; set one (ALTER TABLE … SET OPTIONS (partition_expiration_days = 400)), or copy the ' +
    'table into a DAY-partitioned one (see Partitioning in docs/bigquery-sink.md)'
  );
}

export function describeLayout(layout: TableLayout): string {
  const clustering = `clustered by ${layout.clustering.fields.join(', ')}`;
  if (layout.timePartitioning) {
    return `${layout.timePartitioning.type} partitions on ${layout.timePartitioning.field}, ${clustering}`;
  }
  const range = layout.rangePartitioning;
  return `integer-range partitions on ${range?.field} [${range?.range.start}, ${range?.range.end}) step ${range?.range.interval}, ${clustering}`;
}

function describeActual(metadata: TableMetadata): string {
  if (metadata.timePartitioning) {
    return `${metadata.timePartitioning.type} on ${metadata.timePartitioning.field ?? '_PARTITIONTIME'}`;
  }
  if (metadata.rangePartitioning) {
    return `integer ranges on ${metadata.rangePartitioning.field}`;
  }
  return 'unpartitioned';
}

function isAlreadyExists(error: unknown): boolean {
  return (error as { code?: unknown }).code === 409;
}

function ignoreAlreadyExists(error: unknown): void {
  if (!isAlreadyExists(error)) {
    throw error;
  }
}
