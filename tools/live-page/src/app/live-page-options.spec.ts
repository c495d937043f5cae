import { readOptions } from './live-page-options';

describe('readOptions', () => {
  it('defaults to the npm run dev ports, the read API of redis-sink, one poll a second', () => {
    const options = readOptions({}, []);
    expect(options).toMatchObject({
      port: 3080,
      host: '127.0.0.1',
      readApiUrl: 'http://127.0.0.1:3002',
      pollMs: 1000,
      topLimit: 10,
      recentLimit: 20,
    });
    expect(options.apps.map((app) => `${app.name} ${app.url}`)).toEqual([
      'enrichment http://127.0.0.1:3001',
      'redis-sink http://127.0.0.1:3002',
      'bigquery-sink http://127.0.0.1:3003',
      'webhook-sink http://127.0.0.1:3004',
      'backfill http://127.0.0.1:3005',
    ]);
  });

  it('reads LIVE_PAGE_* and lets --flags win', () => {
    const options = readOptions(
      {
        LIVE_PAGE_APPS: 'redis-sink=http://127.0.0.1:4172/,enrichment=http://127.0.0.1:4171',
        LIVE_PAGE_POLL_MS: '250',
      },
      ['--poll-ms=500', '--port=4173'],
    );
    expect(options.apps).toEqual([
      { name: 'redis-sink', url: 'http://127.0.0.1:4172' },
      { name: 'enrichment', url: 'http://127.0.0.1:4171' },
    ]);
    expect(options).toMatchObject({ pollMs: 500, port: 4173, readApiUrl: 'http://127.0.0.1:4172' });
  });

  it('names the variable that is wrong', () => {
    expect(() => readOptions({ LIVE_PAGE_APPS: 'enrichment' }, [])).toThrow(
      'LIVE_PAGE_APPS entries are name=url, got "enrichment"',
    );
    expect(() => readOptions({ LIVE_PAGE_APPS: 'enrichment=ftp://x' }, [])).toThrow(
      'LIVE_PAGE_APPS: "ftp://x" is not an http(s) URL',
    );
    expect(() => readOptions({ LIVE_PAGE_APPS: 'enrichment=http://127.0.0.1:1' }, [])).toThrow(
      'LIVE_PAGE_READ_API is needed when LIVE_PAGE_APPS names no redis-sink',
    );
    expect(() => readOptions({ LIVE_PAGE_POLL_MS: '10' }, [])).toThrow(
      'LIVE_PAGE_POLL_MS must be an integer from 100 to 60000',
    );
    expect(() => readOptions({}, ['poll'])).toThrow('Unrecognised argument poll');
  });
});
