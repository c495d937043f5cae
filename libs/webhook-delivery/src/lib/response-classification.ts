/** What a response status means for delivery. */
export type StatusClass = 'delivered' | 'retryable' | 'permanent' | 'gone';

/**
 * 2xx is delivered. 408, 429 and 5xx are worth retrying: the receiver may answer differently
 * later. 410 Gone is the Standard Webhooks signal that the endpoint is disabled: stop sending
 * to it at all. Any other status (3xx included: we do not follow redirects to unknown hosts)
 * is permanent: sending the same bytes again gets the same answer.
 */
export function classifyStatus(status: number): StatusClass {
  if (status >= 200 && status < 300) {
    return 'delivered';
  }
  if (status === 410) {
    return 'gone';
  }
  if (status === 408 || status === 429 || (status >= 500 && status < 600)) {
    return 'retryable';
  }
  return 'permanent';
}

/**
 * Parses Retry-After (RFC 9110): delay-seconds or an HTTP-date. Returns milliseconds to wait
 * (0 for a date in the past), or null when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  nowMs: number,
): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) {
    return null;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  if (!/[a-z]/i.test(trimmed)) {
    return null;
  }
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) {
    return null;
  }
  return Math.max(0, at - nowMs);
}
