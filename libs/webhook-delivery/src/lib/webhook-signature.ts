import { createHmac } from 'node:crypto';

/** The Standard Webhooks headers (https://www.standardwebhooks.com), lower-case as sent. */
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** The specification's recommended key sizes. */
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The key bytes of a `whsec_<base64>` secret, or null when the value is not of that form or
 * its key is outside 24–64 bytes. Never echoes the value: callers report the variable's name.
 */
export function webhookSecretKey(secret: string): Buffer | null {
  if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
    return null;
  }
  const encoded = secret.slice(WEBHOOK_SECRET_PREFIX.length);
  if (encoded === '' || !BASE64.test(encoded)) {
    return null;
  }
  const key = Buffer.from(encoded, 'base64');
  return key.length >= WEBHOOK_SECRET_MIN_BYTES && key.length <= WEBHOOK_SECRET_MAX_BYTES
    ? key
    : null;
}

/** `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, the specification's v1 scheme. */
export function webhookSignature(
  key: Buffer,
  id: string,
  unixSeconds: number,
  body: string,
): string {
  const mac = createHmac('sha256', key).update(`${id}.${unixSeconds}.${body}`, 'utf8');
  return `v1,${mac.digest('base64')}`;
}

/**
 * Signs deliveries per Standard Webhooks with the current secret and, during a rotation, the
 * previous ones: `webhook-signature` lists one `v1,` signature per secret, space-separated, so
 * a receiver holding either the old or the new secret accepts the request.
 */
export class WebhookSigner {
  private readonly keys: Buffer[];

  /** `secrets[0]` is the current one; all must be `whsec_` secrets (validated at start-up). */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) {
      throw new Error('a webhook signer needs at least one secret');
    }
    this.keys = secrets.map((secret, index) => {
      const key = webhookSecretKey(secret);
      if (!key) {
        throw new Error(`webhook secret #${index + 1} is not a whsec_ secret of 24 to 64 bytes`);
      }
      return key;
    });
  }

  /** The three signature headers of one attempt; `id` is the delivery's idempotency key. */
  headers(id: string, body: string, unixSeconds: number): Record<string, string> {
    return {
      [WEBHOOK_ID_HEADER]: id,
      [WEBHOOK_TIMESTAMP_HEADER]: String(unixSeconds),
      [WEBHOOK_SIGNATURE_HEADER]: this.keys
        .map((key) => webhookSignature(key, id, unixSeconds, body))
        .join(' '),
    };
  }
}
