import { routeCopyHeaders } from './route-copy';
import { routeTopic } from './route-topic';

describe('routeCopyHeaders', () => {
  it("keeps the enriched record's headers and adds x-route", () => {
    expect(
      routeCopyHeaders(
        { 'x-event-id': '42', 'x-origin': 'cdc', 'x-schema': 'engagement.enriched/v1' },
        'video-finishes',
      ),
    ).toEqual({
      'x-event-id': '42',
      'x-origin': 'cdc',
      'x-schema': 'engagement.enriched/v1',
      'x-route': 'video-finishes',
    });
  });

  it("drops a backfill's x-target-sinks, so every consumer of the route topic takes the copy", () => {
    expect(
      routeCopyHeaders(
        {
          'x-event-id': '42',
          'x-origin': 'backfill',
          'x-schema': 'engagement.enriched/v1',
          'x-target-sinks': 'redis',
          'x-backfill-job-id': 'job-1',
        },
        'long-sessions',
      ),
    ).toEqual({
      'x-event-id': '42',
      'x-origin': 'backfill',
      'x-schema': 'engagement.enriched/v1',
      'x-backfill-job-id': 'job-1',
      'x-route': 'long-sessions',
    });
  });
});

describe('routeTopic', () => {
  it('is engagement.route.<name>.v1', () => {
    expect(routeTopic('newsletter-clicks')).toBe('engagement.route.newsletter-clicks.v1');
  });
});
