import { setTimeout as sleep } from 'node:timers/promises';

import { Topics } from '@cdc/contracts';
import { KafkaConfig, TopicAdmin } from '@cdc/kafka';
import { ConfigValidationError } from '@cdc/platform';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { SINK_OPTIONS, type SinkOptions } from './sink-options';
import { SinkSourceConfig } from './sink-source.config';

/** The topics this runtime creates when missing; any other source topic has a writer that does. */
const PIPELINE_TOPICS: readonly string[] = [Topics.enriched, Topics.backfill];

/** How long a sink waits at start-up for a source topic its writer has not created yet. */
export const SOURCE_TOPIC_WAIT_MS = 60_000;

/**
 * The source and dead-letter topics exist before the consumer subscribes. The live and
 * backfill topics are created here when missing (KAFKA_TOPIC_PARTITIONS). Another source
 * topic, a route topic, is created by the service that writes it with the partition count of
 * its routes file, so the sink waits for it instead of creating it with a count of its own.
 */
@Injectable()
export class SinkTopics implements OnApplicationBootstrap {
  private readonly logger = new Logger(SinkTopics.name);
  /** How long start-up waits for a route topic; a field so that specs can shorten it. */
  waitMs = SOURCE_TOPIC_WAIT_MS;

  constructor(
    private readonly admin: TopicAdmin,
    private readonly kafka: KafkaConfig,
    private readonly source: SinkSourceConfig,
    @Inject(SINK_OPTIONS) private readonly options: SinkOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const sources = this.source.SINK_SOURCE_TOPICS;
    await this.admin.ensureTopics([
      ...sources
        .filter((topic) => PIPELINE_TOPICS.includes(topic))
        .map((topic) => ({ topic, partitions: this.kafka.KAFKA_TOPIC_PARTITIONS })),
      { topic: this.options.deadLetterTopic, partitions: 1 },
    ]);
    await this.awaitWritten(sources.filter((topic) => !PIPELINE_TOPICS.includes(topic)));
  }

  private async awaitWritten(topics: readonly string[]): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    let missing = await this.missing(topics);
    if (missing.length > 0) {
      this.logger.warn(
        `Waiting for ${missing.join(', ')} (SINK_SOURCE_TOPICS) to be created by its writer`,
      );
    }
    while (missing.length > 0 && Date.now() < deadline) {
      await sleep(500);
      missing = await this.missing(missing);
    }
    if (missing.length > 0) {
      throw new ConfigValidationError(
        missing.map(
          (topic) =>
            `SINK_SOURCE_TOPICS is invalid: topic ${topic} does not exist after ${this.waitMs} ms; a route topic is created by the service that writes it (enrichment or backfill with its ROUTES_FILE)`,
        ),
      );
    }
  }

  private async missing(topics: readonly string[]): Promise<string[]> {
    if (topics.length === 0) {
      return [];
    }
    const existing = new Set(await this.admin.listTopics());
    return topics.filter((topic) => !existing.has(topic));
  }
}
