import { type DeadLetterRecordV1, decodeBytes, decodeEnrichedEvent, Topics } from '@cdc/contracts';
import { type InboundRecord, type KafkaClient, TopicAdmin, TopicTail } from '@cdc/kafka';
import type { WebhookDeliverer } from '@cdc/webhook-delivery';

import { matchesReplay, type ReplayOptions } from './replay-options';

export interface ReplayResult {
  event_id: string | null;
  source: string;
  outcome: 'delivered' | 'failed' | 'undecodable' | 'would_deliver';
  status: number | null;
  attempts: number;
  error: string | null;
}

export interface ReplayReport {
  topic: string;
  end_offsets: Record<string, string>;
  scanned: number;
  matched: number;
  delivered: number;
  failed: number;
  undecodable: number;
  results: ReplayResult[];
}

/**
 * Reads the dead-letter topic up to its end offsets at start, and re-delivers the matching
 * letters one event per request (Idempotency-Key = event id), in topic order, through the
 * same policies as the sink. Dead letters are never removed: replaying twice is harmless for
 * a receiver that dedups by key, and a letter that fails again stays where it is.
 */
export class DeadLetterReplayer {
  constructor(
    private readonly client: KafkaClient,
    private readonly admin: TopicAdmin,
    private readonly deliverer: WebhookDeliverer,
  ) {}

  async replay(options: ReplayOptions, progress: (line: string) => void): Promise<ReplayReport> {
    const topic = Topics.webhookSinkDeadLetter;
    const ends = await this.admin.endOffsets(topic);
    const records = await this.readUpTo(topic, ends);
    const letters = records.map((record) => ({
      record,
      letter: JSON.parse(record.value?.toString('utf8') ?? 'null') as DeadLetterRecordV1,
    }));
    const matched = letters.filter(
      ({ letter }) => letter !== null && matchesReplay(letter, options),
    );
    progress(`read ${records.length} dead letter(s) from ${topic}; ${matched.length} match`);
    const results: ReplayResult[] = [];
    for (const { record, letter } of matched) {
      const result = await this.replayOne(record, letter, options.dryRun);
      results.push(result);
      progress(
        `${result.outcome}: event ${result.event_id ?? '?'} (${result.source})${result.error ? `: ${result.error}` : ''}`,
      );
    }
    const count = (outcome: ReplayResult['outcome']) =>
      results.filter((result) => result.outcome === outcome).length;
    return {
      topic,
      end_offsets: Object.fromEntries(
        ends.map(({ partition, offset }) => [String(partition), offset]),
      ),
      scanned: records.length,
      matched: matched.length,
      delivered: count('delivered'),
      failed: count('failed'),
      undecodable: count('undecodable'),
      results,
    };
  }

  private async replayOne(
    record: InboundRecord,
    letter: DeadLetterRecordV1,
    dryRun: boolean,
  ): Promise<ReplayResult> {
    const source = `${record.topic}[${record.partition}]@${record.offset}`;
    const decoded = decodeEnrichedEvent(decodeBytes(letter.original.value_base64));
    if (!decoded.ok) {
      return {
        event_id: letter.event_id,
        source,
        outcome: 'undecodable',
        status: null,
        attempts: 0,
        error: decoded.errors.join('; '),
      };
    }
    if (dryRun) {
      return {
        event_id: decoded.value.event_id,
        source,
        outcome: 'would_deliver',
        status: letter.last_status,
        attempts: 0,
        error: null,
      };
    }
    const [outcome] = await this.deliverer.deliver([decoded.value], {
      signal: new AbortController().signal,
      holdWhileUnavailable: false,
    });
    if (outcome?.kind === 'delivered') {
      return {
        event_id: decoded.value.event_id,
        source,
        outcome: 'delivered',
        status: outcome.status,
        attempts: outcome.attempts,
        error: null,
      };
    }
    return {
      event_id: decoded.value.event_id,
      source,
      outcome: 'failed',
      status: outcome?.status ?? null,
      attempts: outcome?.attempts ?? 0,
      error: outcome?.kind === 'failed' ? outcome.error : 'no outcome',
    };
  }

  private async readUpTo(
    topic: string,
    ends: { partition: number; offset: string }[],
  ): Promise<InboundRecord[]> {
    const wanted = ends.filter(({ offset }) => BigInt(offset) > 0n);
    if (wanted.length === 0) {
      return [];
    }
    const tail = await new TopicTail(this.client, [topic], true).start();
    try {
      const reached = () =>
        wanted.every(({ partition, offset }) =>
          tail.records.some(
            (record) =>
              record.partition === partition && BigInt(record.offset) >= BigInt(offset) - 1n,
          ),
        );
      const deadline = Date.now() + 60_000;
      while (!reached()) {
        if (Date.now() > deadline) {
          throw new Error(`could not read ${topic} up to ${JSON.stringify(ends)} within 60 s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const end = new Map(ends.map(({ partition, offset }) => [partition, BigInt(offset)]));
      return tail.records
        .filter((record) => BigInt(record.offset) < (end.get(record.partition) ?? 0n))
        .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    } finally {
      await tail.stop();
    }
  }
}
