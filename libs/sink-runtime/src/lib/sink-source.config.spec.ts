import { ConfigValidationError, loadEnvironment } from '@cdc/platform';

import { SinkSourceConfig } from './sink-source.config';

function problems(environment: Record<string, string>): string[] {
  try {
    loadEnvironment(SinkSourceConfig, environment);
    return [];
  } catch (error) {
    return (error as ConfigValidationError).problems;
  }
}

describe('SinkSourceConfig', () => {
  it('consumes the live and backfill topics by default', () => {
    expect(loadEnvironment(SinkSourceConfig, {}).SINK_SOURCE_TOPICS).toEqual([
      'engagement.enriched.v1',
      'engagement.backfill.v1',
    ]);
  });

  it('takes a comma-separated list, e.g. one route topic', () => {
    expect(
      loadEnvironment(SinkSourceConfig, {
        SINK_SOURCE_TOPICS: ' engagement.route.video-finishes.v1 ,',
      }).SINK_SOURCE_TOPICS,
    ).toEqual(['engagement.route.video-finishes.v1']);
  });

  it('names the variable when the list is malformed', () => {
    expect(problems({ SINK_SOURCE_TOPICS: 'a b' })).toEqual([
      'SINK_SOURCE_TOPICS is invalid: must be a comma-separated list of Kafka topic names',
    ]);
    expect(problems({ SINK_SOURCE_TOPICS: 'a,a' })).toEqual([
      'SINK_SOURCE_TOPICS is invalid: must not repeat a topic',
    ]);
    expect(problems({ SINK_SOURCE_TOPICS: ',' })).toEqual([
      'SINK_SOURCE_TOPICS is invalid: must name at least one topic',
    ]);
  });
});
