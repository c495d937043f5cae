import { classifyBigQueryError, describeBigQueryError } from './bigquery-errors';

describe('classifyBigQueryError', () => {
  it('treats a value BigQuery cannot cast as a rejection, with its message', () => {
    const error = Object.assign(new Error('Bad int64 value: 1e20'), {
      errors: [{ reason: 'invalidQuery', message: 'Bad int64 value: 1e20' }],
    });
    expect(classifyBigQueryError(error)).toEqual({
      kind: 'rejected',
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

  it('flags a missing table, so that the sink can create it again', () => {
    const error = Object.assign(new Error('Not found: Table p:d.t'), {
      code: 404,
      errors: [{ reason: 'notFound', message: 'Not found: Table p:d.t' }],
    });
    expect(classifyBigQueryError(error)).toEqual({
      kind: 'transient',
      reason: 'notFound: Not found: Table p:d.t',
      notFound: true,
    });
  });

  it('describes anything thrown', () => {
    expect(describeBigQueryError('plain')).toBe('plain');
    expect(describeBigQueryError(new Error('own message'))).toBe('own message');
  });
});
