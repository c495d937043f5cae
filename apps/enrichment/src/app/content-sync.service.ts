import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { cdcTopic, SourceTables, Topics } from '@cdc/contracts';
import { ContentCatalog, contentIdOf, decodeChangeRecord, decodeContent } from '@cdc/enrichment';
import {
  type BatchConsumer,
  BatchConsumerFactory,
  type DeadLetter,
  DeadLetterPublisher,
  type InboundRecord,
  TopicAdmin,
} from '@cdc/kafka';
import { ContentLookup } from '@cdc/source-db';
import { Injectable, Logger } from '@nestjs/common';

import { EnrichmentConfig } from './enrichment.config';
import { EnrichmentMetrics } from './enrichment-metrics';

/**
 * Keeps the ContentCatalog equal to the content table: a snapshot from Postgres, then every
 * change from the content CDC topic, read by a consumer group of this replica's own
 * (every replica needs every content change).
 */
@Injectable()
export class ContentSync {
  private readonly logger = new Logger(ContentSync.name);
  private readonly topic: string;
  private readonly groupId = `enrichment-content-${hostname()}-${randomUUID().slice(0, 8)}`;
  /** Next offset to apply, per partition of the content topic. */
  private readonly positions = new Map<number, bigint>();
  private consumer: BatchConsumer | null = null;

  constructor(
    readonly catalog: ContentCatalog,
    private readonly config: EnrichmentConfig,
    private readonly admin: TopicAdmin,
    private readonly consumers: BatchConsumerFactory,
    private readonly lookup: ContentLookup,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: EnrichmentMetrics,
  ) {
    this.topic = cdcTopic(config.CDC_TOPIC_PREFIX, SourceTables.content);
  }

  /**
   * Reads the topic's end first, then the table: every change after that end is applied on
   * top of the snapshot, in order, so the catalog converges on the table's latest state.
   */
  async start(): Promise<void> {
    const ends = await this.admin.endOffsets(this.topic);
    for (const { partition, offset } of ends) {
      this.positions.set(partition, BigInt(offset));
    }
    await this.admin.setGroupOffsets(this.groupId, this.topic, ends);
    const rows = await this.lookup.findAll();
    for (const row of rows) {
      this.catalog.upsert(row);
    }
    this.metrics.contentCacheSize.set(this.catalog.size);
    this.logger.log(
      `Content snapshot: ${rows.length} rows; following ${this.topic} from ${JSON.stringify(ends)}`,
    );
    this.consumer = this.consumers.create({
      groupId: this.groupId,
      topics: [this.topic],
      fromBeginning: false,
      maxWaitTimeInMs: this.config.CONSUMER_MAX_WAIT_MS,
      stuckAfterMs: this.config.CONSUMER_STUCK_AFTER_MS,
      topicWaitMs: this.config.CONSUMER_TOPIC_WAIT_MS,
      handler: (records) => this.apply(records),
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.admin.deleteGroup(this.groupId);
  }

  /**
   * Waits until every content change already in Kafka is applied, so that an event committed
   * after a content UPDATE is enriched with the new values. Bounded by CONTENT_SYNC_WAIT_MS.
   */
  async awaitCaughtUp(): Promise<void> {
    const ends = await this.admin.endOffsets(this.topic);
    const deadline = Date.now() + this.config.CONTENT_SYNC_WAIT_MS;
    const behind = () =>
      ends.some(({ partition, offset }) => (this.positions.get(partition) ?? 0n) < BigInt(offset));
    while (behind()) {
      if (Date.now() >= deadline) {
        this.metrics.contentSyncTimeouts.inc();
        this.logger.warn(
          `Content stream still behind after ${this.config.CONTENT_SYNC_WAIT_MS} ms; enriching anyway`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async apply(records: InboundRecord[]): Promise<void> {
    const dead: DeadLetter[] = [];
    for (const record of records) {
      const reason = this.applyOne(record);
      if (reason) {
        dead.push({ record, reason });
      }
    }
    await this.deadLetters.send(Topics.enrichmentDeadLetter, 'enrichment', dead);
    const last = records[records.length - 1];
    if (last) {
      this.positions.set(last.partition, BigInt(last.offset) + 1n);
    }
    this.metrics.contentCacheSize.set(this.catalog.size);
  }

  /** Applies one content change; returns why it could not be applied, if it could not. */
  private applyOne(record: InboundRecord): string | null {
    const change = decodeChangeRecord(record.value);
    if (!change.ok) {
      return change.reason;
    }
    if (change.value.kind === 'tombstone') {
      return null;
    }
    const { op, before, after } = change.value;
    switch (op) {
      case 'c':
      case 'r':
      case 'u': {
        const content = decodeContent(after);
        if (!content.ok) {
          return content.reason;
        }
        this.catalog.upsert(content.value);
        return null;
      }
      case 'd': {
        const id = contentIdOf(before);
        if (id === null) {
          return 'content delete without a readable before.id';
        }
        this.catalog.remove(id);
        return null;
      }
      case 't':
      case 'm':
        return null;
    }
  }
}
