import { Topics } from '@cdc/contracts';
import {
  type ChangeRecord,
  type ContentRecord,
  decodeChangeRecord,
  decodeEngagementEvent,
  type EngagementEventRecord,
  enrichEngagementEvent,
  type Provenance,
  type StreamPosition,
} from '@cdc/enrichment';
import {
  type BatchContext,
  type BatchOutcome,
  type DeadLetter,
  DeadLetterPublisher,
  type InboundRecord,
  RecordPublisher,
} from '@cdc/kafka';
import { retryWithBackoff } from '@cdc/platform';
import { type RoutableRecord, RoutePublisher } from '@cdc/route-publisher';
import { ContentLookup } from '@cdc/source-db';
import { Injectable, Logger } from '@nestjs/common';

import { ContentSync } from './content-sync.service';
import { toEnrichedRecord } from './enriched-record';
import { EnrichmentConfig } from './enrichment.config';
import { EnrichmentMetrics } from './enrichment-metrics';
import { LateContentLookup } from './late-content-lookup';

type Classified =
  | {
      kind: 'event';
      event: EngagementEventRecord;
      provenance: Provenance;
      position: StreamPosition | null;
    }
  | { kind: 'skipped'; outcome: string }
  | { kind: 'invalid'; reason: string; eventId: string | null };

/**
 * Turns engagement_events change records into enriched events. Inserts (c) and snapshot
 * reads (r) are enriched; updates, deletes and tombstones are counted and skipped; anything
 * malformed is dead-lettered with its reason. Events whose content is not known yet are
 * deferred without holding up the rest of the batch.
 *
 * Content is never older than at the event's commit: an event whose stream position the
 * catalogue has not reached (a content change committed before it may still be on its way,
 * Connect does not order across topics) is enriched with its content's current row, read
 * from Postgres once per batch; see docs/enrichment.md#ordering-between-the-two-streams.
 *
 * Route copies are published here too, right after the enriched records and before the
 * batch's offsets commit (in the late-content path, before its deferred offset settles): no
 * consumer hop of their own, no extra latency on the enriched topic, and the same commit
 * point, so route topics are at least once and no offset commits past a record whose copies
 * Kafka has not acknowledged.
 */
@Injectable()
export class EngagementEventsProcessor {
  private readonly logger = new Logger(EngagementEventsProcessor.name);

  constructor(
    private readonly config: EnrichmentConfig,
    private readonly content: ContentSync,
    private readonly lookup: ContentLookup,
    private readonly lateLookup: LateContentLookup,
    private readonly publisher: RecordPublisher,
    private readonly deadLetters: DeadLetterPublisher,
    private readonly metrics: EnrichmentMetrics,
    private readonly routes: RoutePublisher,
  ) {}

  async handle(records: InboundRecord[], context: BatchContext): Promise<BatchOutcome> {
    // The content round trip runs while the batch is decoded; lookups wait for it.
    const caughtUp = this.content.awaitCaughtUp();
    const receivedAt = Date.now();
    const decoded = records.map((record) => ({ record, classified: classify(record) }));
    await caughtUp;
    const fresh = await this.currentRowsOfUncovered(decoded.map(({ classified }) => classified));
    const ready: RoutableRecord[] = [];
    /** The CDC record of each ready event, for a dead letter if its enriched record cannot be produced. */
    const readySources: InboundRecord[] = [];
    const dead: DeadLetter[] = [];
    const deferred: NonNullable<BatchOutcome['deferred']> = [];
    for (const { record, classified } of decoded) {
      switch (classified.kind) {
        case 'invalid':
          dead.push({ record, reason: classified.reason, eventId: classified.eventId });
          this.metrics.events.inc({ outcome: 'dead_lettered' });
          break;
        case 'skipped':
          this.metrics.events.inc({ outcome: classified.outcome });
          this.logger.debug(
            { topic: record.topic, partition: record.partition, offset: record.offset },
            `skipped: ${classified.outcome}`,
          );
          break;
        case 'event': {
          const { event, provenance } = classified;
          const known =
            event.contentId === null
              ? null
              : (fresh.get(event.contentId) ?? this.content.catalog.get(event.contentId));
          if (known === undefined) {
            deferred.push({
              offset: record.offset,
              settled: this.enrichLate(record, event, provenance, context),
            });
          } else {
            const enriched = enrichEngagementEvent(event, known, provenance);
            ready.push({ event: enriched, record: toEnrichedRecord(enriched) });
            readySources.push(record);
          }
          break;
        }
      }
    }
    await this.deadLetters.send(Topics.enrichmentDeadLetter, 'enrichment', dead);
    const published = await this.publishEnriched(ready, readySources);
    this.observeLatency(published, receivedAt, Date.now());
    await this.routes.publish(published);
    return { deferred };
  }

  /**
   * Publishes enriched records; one too large to produce even alone is dead-lettered (its CDC
   * record, with the enriched size in the reason) instead of retried forever. Resolves with
   * the records that were published.
   */
  private async publishEnriched(
    ready: readonly RoutableRecord[],
    sources: readonly InboundRecord[],
  ): Promise<RoutableRecord[]> {
    const oversized = await this.publisher.publishSettingAside(
      Topics.enriched,
      ready.map(({ record }) => record),
    );
    const tooLarge = new Set(oversized.map(({ index }) => index));
    await this.deadLetters.send(
      Topics.enrichmentDeadLetter,
      'enrichment',
      oversized.map(({ index, reason }) => ({
        record: sources[index] as InboundRecord,
        reason: `the enriched event cannot be produced to ${Topics.enriched}: ${reason}`,
        eventId: (ready[index] as RoutableRecord).event.event_id,
      })),
    );
    this.metrics.events.inc({ outcome: 'enriched' }, ready.length - tooLarge.size);
    if (tooLarge.size > 0) {
      this.metrics.events.inc({ outcome: 'dead_lettered' }, tooLarge.size);
    }
    return ready.filter((_, index) => !tooLarge.has(index));
  }

  /**
   * The Postgres rows of the known contents of events that the catalogue has not caught up
   * with: read after the events were committed, so never older than at their commit. One
   * query per batch, only while the content stream is behind the events (e.g. idle). If it
   * fails, the catalogue is used (counted, logged): the ordering then is the stream's.
   */
  private async currentRowsOfUncovered(
    batch: readonly Classified[],
  ): Promise<Map<string, ContentRecord>> {
    const ids = new Set<string>();
    for (const item of batch) {
      if (
        item.kind === 'event' &&
        item.event.contentId !== null &&
        !this.content.catalog.covers(item.position) &&
        this.content.catalog.get(item.event.contentId) !== undefined
      ) {
        ids.add(item.event.contentId);
      }
    }
    if (ids.size === 0) {
      return new Map();
    }
    try {
      const rows = await this.lookup.findByIds([...ids]);
      this.metrics.contentChecks.inc({ result: 'database' });
      return new Map(rows.map((row) => [row.id, row]));
    } catch (error) {
      this.metrics.contentChecks.inc({ result: 'failed' });
      this.logger.warn(
        `Reading the current rows of ${ids.size} content(s) failed; enriching with the catalogue: ${String(error)}`,
      );
      return new Map();
    }
  }

  /** Splits commit → sink latency at enrichment: Debezium and the fetch before, Kafka after. */
  private observeLatency(
    ready: readonly RoutableRecord[],
    receivedAt: number,
    publishedAt: number,
  ): void {
    for (const { event } of ready) {
      if (event.source_ts_ms !== null) {
        this.metrics.commitLatency.observe(
          { point: 'received' },
          Math.max(0, receivedAt - event.source_ts_ms) / 1000,
        );
        this.metrics.commitLatency.observe(
          { point: 'published' },
          Math.max(0, publishedAt - event.source_ts_ms) / 1000,
        );
      }
    }
  }

  /**
   * Waits for the content's change record, then asks Postgres, then emits with whatever is
   * known (content fields NULL if the content does not exist). A lookup that fails on every
   * attempt dead-letters the event with the lookup's error, so that its offset commits.
   * Publishing retries until it succeeds or the batch is abandoned, in which case the offset
   * stays uncommitted and is re-read.
   */
  private async enrichLate(
    record: InboundRecord,
    event: EngagementEventRecord,
    provenance: Provenance,
    context: BatchContext,
  ): Promise<void> {
    const contentId = event.contentId as string;
    let content: ContentRecord | null | undefined = await this.content.catalog.waitFor(
      contentId,
      this.config.LATE_CONTENT_WAIT_MS,
    );
    let resolution = 'cdc';
    if (content === undefined) {
      const found = await this.lateLookup.find(contentId, context.signal);
      if (!found.ok) {
        const letter = { record, reason: found.reason, eventId: event.id };
        await this.retrying(
          () => this.deadLetters.send(Topics.enrichmentDeadLetter, 'enrichment', [letter]),
          context,
          `dead-letter event ${event.id}`,
        );
        this.metrics.lateContent.inc({ resolution: 'lookup_failed' });
        this.metrics.events.inc({ outcome: 'dead_lettered' });
        return;
      }
      content = found.content;
      resolution = content === null ? 'missing' : 'database';
      if (content) {
        this.content.catalog.upsert(content);
      }
    }
    this.metrics.lateContent.inc({ resolution });
    const enriched = enrichEngagementEvent(event, content, provenance);
    const routable: RoutableRecord = { event: enriched, record: toEnrichedRecord(enriched) };
    const published = await this.retrying(
      () => this.publishEnriched([routable], [record]),
      context,
      `publish event ${event.id}`,
    );
    if (published.length > 0) {
      await this.retrying(() => this.routes.publish(published), context, `route event ${event.id}`);
    }
  }

  private retrying<T>(work: () => Promise<T>, context: BatchContext, what: string): Promise<T> {
    return retryWithBackoff(work, {
      initialMs: this.config.RETRY_INITIAL_MS,
      maxMs: this.config.RETRY_MAX_MS,
      signal: context.signal,
      onRetry: ({ attempt, delayMs, error }) =>
        this.logger.warn(
          `${what} failed (attempt ${attempt}, next in ${delayMs} ms): ${String(error)}`,
        ),
    });
  }
}

function classify(record: InboundRecord): Classified {
  const change = decodeChangeRecord(record.value);
  if (!change.ok) {
    return { kind: 'invalid', reason: change.reason, eventId: null };
  }
  return classifyChange(change.value);
}

function classifyChange(change: ChangeRecord): Classified {
  if (change.kind === 'tombstone') {
    return { kind: 'skipped', outcome: 'skipped_tombstone' };
  }
  switch (change.op) {
    case 'c':
    case 'r': {
      const event = decodeEngagementEvent(change.after);
      if (!event.ok) {
        return { kind: 'invalid', reason: event.reason, eventId: readId(change.after) };
      }
      const provenance: Provenance = {
        origin: 'cdc',
        sourceTsMs: change.sourceTsMs,
        sourceLsn: change.sourceLsn,
        enrichedAt: new Date(),
        snapshot: change.snapshot,
      };
      return { kind: 'event', event: event.value, provenance, position: change.position };
    }
    case 'u':
      return { kind: 'skipped', outcome: 'skipped_update' };
    case 'd':
      return { kind: 'skipped', outcome: 'skipped_delete' };
    case 't':
      return { kind: 'skipped', outcome: 'skipped_truncate' };
    case 'm':
      return { kind: 'skipped', outcome: 'skipped_message' };
  }
}

function readId(row: unknown): string | null {
  const id = (row as { id?: unknown } | null)?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : null;
}
