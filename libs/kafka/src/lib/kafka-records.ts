/** A consumed record, decoupled from kafkajs types. Offsets are strings, as in Kafka. */
export interface InboundRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Broker timestamp, epoch milliseconds as a string. */
  timestamp: string;
}

export interface OutboundRecord {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Topic-level configs, e.g. retention.ms. */
  config?: Record<string, string>;
}
