import { formatTargetSinks, parseTargetSinks } from './sinks';

describe('x-target-sinks', () => {
  it('targets every sink when absent', () => {
    expect(parseTargetSinks(undefined)).toEqual(['redis', 'bigquery', 'webhook']);
  });

  it('names the sinks of a backfill, routes included, and parses back only the sinks', () => {
    const header = formatTargetSinks(['redis', 'routes']);
    expect(header).toBe('redis,routes');
    expect(parseTargetSinks(header)).toEqual(['redis']);
    expect(parseTargetSinks('routes')).toEqual([]);
    expect(parseTargetSinks(' webhook , bigquery ')).toEqual(['webhook', 'bigquery']);
  });
});
