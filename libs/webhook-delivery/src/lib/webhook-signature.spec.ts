import { signBody, verifySignature } from './webhook-signature';

const secret = 'test-secret-0123456789';
const body = '{"payload_version":1,"events":[]}';
const t = 1_763_771_400;

describe('webhook signature', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 in hex', () => {
    // Reference value computed independently: printf "%s" "1763771400.<body>" | openssl dgst -sha256 -hmac <secret>
    expect(signBody(secret, body, t)).toBe(
      't=1763771400,v1=33825343a9f17e2baecadc8251396e7daa5d6788972aefa692e6f6a74a34f3d4',
    );
  });

  it('accepts its own signature within the tolerance, on both sides of now', () => {
    expect(verifySignature(secret, body, signBody(secret, body, t), t + 300, 300)).toEqual({
      ok: true,
    });
    expect(verifySignature(secret, body, signBody(secret, body, t), t - 300, 300)).toEqual({
      ok: true,
    });
  });

  it('rejects a timestamp outside the tolerance as expired', () => {
    expect(verifySignature(secret, body, signBody(secret, body, t), t + 301, 300)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('rejects a tampered body, a wrong secret and a moved timestamp as mismatches', () => {
    const header = signBody(secret, body, t);
    expect(verifySignature(secret, `${body} `, header, t)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature('another-secret-0123456', body, header, t)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(secret, body, header.replace(`t=${t}`, `t=${t + 1}`), t)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects missing and malformed headers', () => {
    expect(verifySignature(secret, body, undefined, t)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature(secret, body, '', t)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature(secret, body, 'v1=abc', t)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(secret, body, `t=${t}`, t)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignature(secret, body, `t=soon,v1=abc`, t)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('accepts any matching v1 entry, for secret rotation', () => {
    const current = signBody(secret, body, t);
    const old = signBody('old-secret-0123456789', body, t).split(',')[1];
    expect(verifySignature(secret, body, `${current},${old}`, t)).toEqual({ ok: true });
    expect(verifySignature('old-secret-0123456789', body, `${current},${old}`, t)).toEqual({
      ok: true,
    });
  });
});
