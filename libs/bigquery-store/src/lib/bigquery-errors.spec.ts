import { classifyBigQueryError, describeBigQueryError } from './bigquery-errors';

describe('classifyBigQueryError', () => {
  it('treats a value BigQuery cannot cast as a rejection, with its message', () => {
    const error = Object.assign(new Error('Bad int64 value: 1e20'), {
      errors: [{ reason: 'invalidQuery', message: 'Bad int64 value: 1e20' }],
    });
    expect(classifyBigQueryError(error)).toEqual({
      kind: 'rejected',
      cause: 'invalid',
      reason: 'invalidQuery: Bad int64 value: 1e20',
    });
  });

  it('treats a 400 without details as a rejection', () => {
    expect(
      classifyBigQueryError(
        Object.assign(new Error('Request payload size exceeds the limit'), { code: 400 }),
      ).kind,
    ).toBe('rejected');
  });

  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:59050'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a 5xx',
      Object.assign(new Error('An internal error occurred'), {
        code: 500,
        errors: [{ reason: 'backendError' }],
      }),
    ],
    [
      'a quota error',
      Object.assign(new Error('Exceeded rate limits'), {
        code: 403,
        errors: [{ reason: 'rateLimitExceeded' }],
      }),
    ],
    [
      'a missing table',
      Object.assign(new Error('Not found: Table p:d.t'), {
        code: 404,
        errors: [{ reason: 'notFound' }],
      }),
    ],
    [
      'a lost DML race',
      Object.assign(new Error('x'), {
        errors: [
          {
            reason: 'invalidQuery',
            message: 'Could not serialize access to table p:d.t due to concurrent update',
          },
        ],
      }),
    ],
  ])('retries %s', (_what, error) => {
    expect(classifyBigQueryError(error).kind).toBe('transient');
  });

  // Bodies as BigQuery sends them (cloud.google.com/bigquery/docs/troubleshoot-quotas and
  // error-messages): request errors carry `code`, a failed job's status only `errors`.
  it.each([
    [
      '403 quotaExceeded',
      {
        code: 403,
        errors: [
          {
            reason: 'quotaExceeded',
            message:
              'Quota exceeded: Your table exceeded quota for Number of partition modifications to a column partitioned table.',
          },
        ],
      },
      'quota',
    ],
    [
      '403 rateLimitExceeded',
      {
        code: 403,
        errors: [
          {
            reason: 'rateLimitExceeded',
            message: 'Exceeded rate limits: too many table update operations for this table.',
          },
        ],
      },
      'rate_limit',
    ],
    [
      'a 400 with a rate-limit reason',
      {
        code: 400,
        errors: [{ reason: 'jobRateLimitExceeded', message: 'Job exceeded rate limits' }],
      },
      'rate_limit',
    ],
    [
      'a job failed on a full DML queue (400 resourcesExceeded)',
      {
        errors: [
          {
            reason: 'resourcesExceeded',
            message:
              'Resources exceeded during query execution: Too many DML statements outstanding against table p:d.t, limit is 20.',
          },
        ],
      },
      'dml_queue_full',
    ],
    [
      'a lost DML race (400 invalidQuery)',
      {
        code: 400,
        errors: [
          {
            reason: 'invalidQuery',
            message: 'Could not serialize access to table p:d.t due to concurrent update',
          },
        ],
      },
      'concurrent_update',
    ],
  ])('classifies %s as transient, never as a bad row', (_what, body, cause) => {
    const failure = classifyBigQueryError(Object.assign(new Error('x'), body));
    expect({ kind: failure.kind, cause: failure.cause }).toEqual({ kind: 'transient', cause });
  });

  it('splits on other resourcesExceeded (a smaller batch needs less), as a rejection', () => {
    const error = Object.assign(new Error('x'), {
      code: 400,
      errors: [
        {
          reason: 'resourcesExceeded',
          message:
            'Resources exceeded during query execution: The query could not be executed in the allotted memory.',
        },
      ],
    });
    expect(classifyBigQueryError(error)).toMatchObject({ kind: 'rejected', cause: 'resources' });
  });

  it('does not read a limit into a rejection that quotes the row', () => {
    const error = Object.assign(new Error('x'), {
      code: 400,
      errors: [
        {
          reason: 'invalidQuery',
          message: 'Bad int64 value: Quota exceeded: exceeded rate limits',
        },
      ],
    });
    expect(classifyBigQueryError(error)).toMatchObject({ kind: 'rejected', cause: 'invalid' });
  });

  it('flags a missing table, so that the sink can create it again', () => {
    const error = Object.assign(new Error('Not found: Table p:d.t'), {
      code: 404,
      errors: [{ reason: 'notFound', message: 'Not found: Table p:d.t' }],
    });
    expect(classifyBigQueryError(error)).toEqual({
      kind: 'transient',
      cause: 'not_found',
      reason: 'notFound: Not found: Table p:d.t',
      notFound: true,
    });
  });

  it('describes anything thrown', () => {
    expect(describeBigQueryError('plain')).toBe('plain');
    expect(describeBigQueryError(new Error('own message'))).toBe('own message');
  });
});
