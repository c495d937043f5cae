import { createServer, type Server } from 'node:http';

import { BigQueryFaultProxy } from './bigquery-fault-proxy';

const MERGE_JOB = {
  jobReference: { projectId: 'p', jobId: 'job-1', location: 'US' },
  configuration: {
    query: {
      query: 'MERGE `p.d.t` AS T USING (...) AS S ON ...',
      queryParameters: [
        {
          name: 'rows',
          parameterValue: {
            arrayValues: [
              { structValues: { event_id: { value: '7' } } },
              { structValues: { event_id: { value: '8' } } },
            ],
          },
        },
        { name: 'min_event_ts', parameterValue: { value: '1970-01-01T00:00:00Z' } },
        { name: 'max_event_ts', parameterValue: { value: '1970-01-01T00:00:01Z' } },
      ],
    },
  },
};

describe('BigQueryFaultProxy', () => {
  let upstream: Server;
  let upstreamUrl: string;
  const seen: string[] = [];
  let proxy: BigQueryFaultProxy;
  let base: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ from: 'upstream' }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const address = upstream.address();
    upstreamUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    proxy = new BigQueryFaultProxy(upstreamUrl);
    base = await proxy.start();
  });

  afterAll(async () => {
    await proxy.stop();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  const post = (body: unknown) =>
    fetch(`${base}/bigquery/v2/projects/p/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers a MERGE with a request error in BigQuery’s body, then a failed job, then forwards', async () => {
    proxy.failNextMerges(
      {
        kind: 'request',
        status: 403,
        error: { reason: 'rateLimitExceeded', message: 'Exceeded rate limits' },
      },
      {
        kind: 'job',
        error: {
          reason: 'resourcesExceeded',
          message: 'Too many DML statements outstanding against table p:d.t, limit is 20.',
        },
      },
    );

    const refused = await post(MERGE_JOB);
    const accepted = await post(MERGE_JOB);
    const polled = await fetch(`${base}/bigquery/v2/projects/p/jobs/job-1?location=US`);
    const forwarded = await post(MERGE_JOB);

    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        code: 403,
        message: 'Exceeded rate limits',
        errors: [
          { domain: 'global', reason: 'rateLimitExceeded', message: 'Exceeded rate limits' },
        ],
      },
    });
    expect(await accepted.json()).toMatchObject({
      jobReference: MERGE_JOB.jobReference,
      status: { state: 'RUNNING' },
    });
    expect(await polled.json()).toMatchObject({
      status: {
        state: 'DONE',
        errorResult: { reason: 'resourcesExceeded', domain: 'global' },
        errors: [{ reason: 'resourcesExceeded' }],
      },
    });
    expect(await forwarded.json()).toEqual({ from: 'upstream' });
    expect(seen).toEqual(['POST /bigquery/v2/projects/p/jobs']);
    expect(
      proxy.merges.map(({ eventIds, scalars, fault }) => ({
        eventIds,
        scalars,
        fault: fault?.kind,
      })),
    ).toEqual(
      [1, 2, 3].map((call) => ({
        eventIds: ['7', '8'],
        scalars: { min_event_ts: '1970-01-01T00:00:00Z', max_event_ts: '1970-01-01T00:00:01Z' },
        fault: call === 1 ? 'request' : call === 2 ? 'job' : undefined,
      })),
    );
  });

  it('forwards and does not record what is not a MERGE', async () => {
    const before = proxy.merges.length;
    proxy.failNextMerges({
      kind: 'request',
      status: 403,
      error: { reason: 'quotaExceeded', message: 'Quota exceeded' },
    });

    const answer = await post({ configuration: { query: { query: 'SELECT 1' } } });

    expect(await answer.json()).toEqual({ from: 'upstream' });
    expect(proxy.merges.length).toBe(before);
    expect(proxy.pendingFaults).toBe(1);
  });
});
