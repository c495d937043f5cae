import { Topics } from '@cdc/contracts';
import { EnvList } from '@cdc/platform';
import { ArrayNotEmpty, ArrayUnique, Matches } from 'class-validator';

/**
 * What a sink consumes, spelled once for all three: the live and backfill topics by default,
 * or any topics of the enriched contract, e.g. a route topic (engagement.route.<name>.v1) so
 * that a partner's webhook gets only its route.
 */
export class SinkSourceConfig {
  /** Comma-separated topics; every record on them must be an engagement.enriched/v1 event. */
  @EnvList()
  @ArrayNotEmpty({ message: 'SINK_SOURCE_TOPICS must name at least one topic' })
  @ArrayUnique({ message: 'SINK_SOURCE_TOPICS must not repeat a topic' })
  @Matches(/^[A-Za-z0-9._-]{1,249}$/, {
    each: true,
    message: 'SINK_SOURCE_TOPICS must be a comma-separated list of Kafka topic names',
  })
  SINK_SOURCE_TOPICS: string[] = [Topics.enriched, Topics.backfill];
}
