/**
 * The value of a Debezium change record with JsonConverter and schemas.enable=false.
 * See https://debezium.io/documentation/reference/stable/connectors/postgresql.html#postgresql-events
 */
export const DEBEZIUM_OPS = ['c', 'r', 'u', 'd', 't', 'm'] as const;
export type DebeziumOp = (typeof DEBEZIUM_OPS)[number];

export interface DebeziumSource {
  /** Commit time of the source transaction, epoch milliseconds. */
  ts_ms: number;
  lsn?: number | null;
  txId?: number | null;
  db?: string;
  schema?: string;
  table?: string;
  snapshot?: string | boolean;
  [field: string]: unknown;
}

export interface DebeziumEnvelope<Row> {
  op: DebeziumOp;
  before: Row | null;
  after: Row | null;
  source: DebeziumSource;
  /** When Debezium processed the change, epoch milliseconds. */
  ts_ms?: number;
}
