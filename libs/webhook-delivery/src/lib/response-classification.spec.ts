import { classifyStatus, parseRetryAfter } from './response-classification';

describe('classifyStatus', () => {
  it.each([200, 201, 202, 204, 299])('%i is delivered', (status) =>
    expect(classifyStatus(status)).toBe('delivered'),
  );
  it.each([408, 429, 500, 502, 503, 504, 599])('%i is retryable', (status) =>
    expect(classifyStatus(status)).toBe('retryable'),
  );
  it.each([301, 302, 400, 401, 403, 404, 409, 413, 422])('%i is permanent', (status) =>
    expect(classifyStatus(status)).toBe('permanent'),
  );
  it('410 means the endpoint is gone', () => expect(classifyStatus(410)).toBe('gone'));
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T10:00:00.000Z');

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP-date as the time left until it', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
  });

  it('gives 0 for an HTTP-date in the past', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['3', '9'], now)).toBe(3_000);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
