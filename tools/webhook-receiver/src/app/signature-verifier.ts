import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks X-Signature exactly as the README tells partners to: `t=<unix>,v1=<hex>` where hex is
 * HMAC-SHA256(secret, "<t>.<raw body>"), and |now - t| <= tolerance. Written independently of
 * the sink's signer on purpose, so the tests check the documented scheme, not shared code.
 */
export function checkSignature(
  secret: string,
  rawBody: string,
  header: string | undefined,
  toleranceS: number,
  nowS = Math.floor(Date.now() / 1000),
): string | null {
  if (!header) {
    return 'missing X-Signature';
  }
  const fields = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator <= 0) {
      return 'malformed X-Signature';
    }
    const name = part.slice(0, separator).trim();
    fields.set(name, [...(fields.get(name) ?? []), part.slice(separator + 1).trim()]);
  }
  const t = fields.get('t')?.[0];
  const signatures = fields.get('v1') ?? [];
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) {
    return 'malformed X-Signature';
  }
  if (Math.abs(nowS - Number(t)) > toleranceS) {
    return 'X-Signature timestamp outside tolerance';
  }
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const valid = signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return valid ? null : 'X-Signature does not match';
}
