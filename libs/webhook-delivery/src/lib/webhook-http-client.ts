import { Agent, request } from 'undici';

import { RetryableDeliveryError } from './delivery-errors';
import { classifyStatus, parseRetryAfter } from './response-classification';
import type { WebhookDeliveryOptions } from './webhook-delivery.options';
import { WEBHOOK_USER_AGENT } from './webhook-payload';
import { WebhookSigner } from './webhook-signature';

export type AttemptResult =
  | { kind: 'delivered'; status: number }
  | { kind: 'permanent'; status: number; error: string }
  | { kind: 'gone'; status: 410; error: string };

/**
 * One signed POST through a keep-alive undici pool. Returns delivered, permanent or gone outcomes,
 * throws RetryableDeliveryError for anything worth retrying; the policies decide what next.
 */
export class WebhookHttpClient {
  private readonly agent: Agent;
  private readonly signer: WebhookSigner;

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.signer = new WebhookSigner(options.secrets);
    this.agent = new Agent({
      connections: options.maxInFlight,
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
    });
  }

  async post(key: string, body: string): Promise<AttemptResult> {
    const headers = {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      // webhook-id is the key on every attempt; signed per attempt, so a retry long after the
      // first try still passes the receiver's timestamp tolerance.
      ...this.signer.headers(key, body, Math.floor(Date.now() / 1000)),
    };
    let status: number;
    let retryAfter: string | string[] | undefined;
    let text: string;
    try {
      const response = await request(this.options.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = (await response.body.text()).slice(0, 300);
    } catch (error) {
      const timedOut = isTimeout(error);
      throw new RetryableDeliveryError(
        `${timedOut ? 'timeout' : 'network error'}: ${describe(error)}`,
        null,
        timedOut ? 'timeout' : 'network',
      );
    }
    switch (classifyStatus(status)) {
      case 'delivered':
        return { kind: 'delivered', status };
      case 'permanent':
        return { kind: 'permanent', status, error: `HTTP ${status}: ${text}` };
      case 'gone':
        return { kind: 'gone', status: 410, error: `HTTP 410: ${text}` };
      case 'retryable': {
        const hinted = parseRetryAfter(retryAfter, Date.now());
        const retryAfterMs =
          hinted === null ? null : Math.min(hinted, this.options.retry.retryAfterMaxMs);
        throw new RetryableDeliveryError(
          `HTTP ${status}: ${text}`,
          status,
          String(status),
          retryAfterMs,
        );
      }
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function isTimeout(error: unknown): boolean {
  const { name, code } = error as { name?: string; code?: string };
  return (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const code = (error as { code?: string }).code;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${code ? `${code} ` : ''}${error.message}${cause}`;
}
