import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Verifies a delivery the way a partner would: with the `standardwebhooks` package, never with
 * the sink's own signing code, so the tests prove the sink interoperates with the standard.
 * The package checks webhook-id, webhook-timestamp (5 minutes of tolerance either way, fixed
 * by the package) and any of the v1 signatures in webhook-signature.
 */
export class SignatureVerifier {
  private readonly webhook: Webhook;

  /** `secret` is the `whsec_` secret; the constructor throws on an empty key. */
  constructor(secret: string) {
    this.webhook = new Webhook(secret);
  }

  /** null when the request verifies, else why not (the package's message). */
  check(rawBody: string, headers: Record<string, string | string[] | undefined>): string | null {
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) {
        flat[name] = Array.isArray(value) ? (value[0] ?? '') : value;
      }
    }
    try {
      this.webhook.verify(rawBody, flat, { jsonParse: false });
      return null;
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        return error.message;
      }
      throw error;
    }
  }
}
