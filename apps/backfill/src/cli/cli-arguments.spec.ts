import { parseCliArguments } from './cli-arguments';

describe('parseCliArguments', () => {
  it('builds the request body of a backfill from the options', () => {
    expect(
      parseCliArguments([
        '--from',
        '2026-11-20T00:00:00Z',
        '--to',
        '2026-11-21T00:00:00Z',
        '--sinks',
        'bigquery, redis',
        '--content-ids',
        '6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f',
        '--event-types',
        'play,finish',
        '--rate-limit',
        '500',
      ]),
    ).toEqual({
      kind: 'start',
      wait: true,
      body: {
        from: '2026-11-20T00:00:00Z',
        to: '2026-11-21T00:00:00Z',
        sinks: ['bigquery', 'redis'],
        contentIds: ['6f1f3c1e-2b4a-4c55-9d1e-0a1b2c3d4e5f'],
        eventTypes: ['play', 'finish'],
        rateLimit: 500,
      },
    });
  });

  it('leaves out what was not given, and --no-wait only queues', () => {
    expect(
      parseCliArguments(['--from', 'a', '--to', 'b', '--sinks', 'webhook', '--no-wait']),
    ).toEqual({
      kind: 'start',
      wait: false,
      body: { from: 'a', to: 'b', sinks: ['webhook'] },
    });
  });

  it('reads the other commands', () => {
    expect(parseCliArguments(['status', 'abc', '--json'])).toEqual({
      kind: 'status',
      id: 'abc',
      json: true,
    });
    expect(parseCliArguments(['watch', 'abc'])).toEqual({ kind: 'watch', id: 'abc' });
    expect(parseCliArguments(['cancel', 'abc'])).toEqual({ kind: 'cancel', id: 'abc' });
    expect(parseCliArguments(['list'])).toEqual({ kind: 'list', json: false });
    expect(parseCliArguments(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--to', 'b', '--sinks', 'redis'], '--from is required'],
    [['--from', 'a', '--sinks', 'redis'], '--to is required'],
    [['--from', 'a', '--to', 'b'], '--sinks is required'],
    [
      ['--from', 'a', '--to', 'b', '--sinks', 'redis', '--rate-limit', 'fast'],
      '--rate-limit must be a whole number of rows per second, got fast',
    ],
    [['status'], 'status needs a job id'],
    [['cancel'], 'cancel needs a job id'],
    [['resume', 'x'], 'unknown command resume'],
    [['status', 'a', 'b'], 'unexpected arguments: b'],
    [['--speed', '3'], "Unknown option '--speed'"],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});
