import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Signature';
export const DEFAULT_SIGNATURE_TOLERANCE_S = 300;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The timestamp is signed with
 * the body, so a captured request cannot be replayed outside the receiver's tolerance.
 */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * Verifies a signature header. Accepts several v1 entries (a sender rotating secrets may sign
 * with both), compares in constant time, and rejects |now - t| > toleranceS.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowUnixSeconds: number,
  toleranceS = DEFAULT_SIGNATURE_TOLERANCE_S,
): SignatureCheck {
  if (header === undefined || header.trim() === '') {
    return { ok: false, reason: 'missing' };
  }
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = parts.find(([name]) => name === 't')?.[1];
  const candidates = parts
    .filter(([name, value]) => name === 'v1' && value !== undefined)
    .map(([, value]) => value as string);
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || candidates.length === 0) {
    return { ok: false, reason: 'malformed' };
  }
  if (Math.abs(nowUnixSeconds - Number(timestamp)) > toleranceS) {
    return { ok: false, reason: 'expired' };
  }
  const expected = Buffer.from(hmacHex(secret, `${timestamp}.${body}`), 'utf8');
  const matches = candidates.some((candidate) => {
    const given = Buffer.from(candidate, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'mismatch' };
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}
