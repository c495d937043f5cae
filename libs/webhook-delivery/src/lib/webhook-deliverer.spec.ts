import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EnrichedEngagementEventV1 } from '@cdc/contracts';
import { MetricsRegistry } from '@cdc/platform';
import { Webhook } from 'standardwebhooks';

import { WebhookDeliverer } from './webhook-deliverer';
import type { WebhookDeliveryOptions } from './webhook-delivery.options';
import { WebhookMetrics } from './webhook-metrics';

const secret = `whsec_${Buffer.from('deliverer-unit-secret-0123456789').toString('base64')}`;

interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A partner endpoint answering from a list of statuses, one per request (the last repeats);
 * `failureHeaders` go with every answer that is not 2xx.
 */
async function endpoint(
  statuses: number[],
  failureHeaders: Record<string, string> = {},
): Promise<{ server: Server; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = Date.now();
      received.push({ at, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses[Math.min(received.length, statuses.length) - 1] ?? 200;
      response.writeHead(status, status < 300 ? {} : failureHeaders);
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received };
}

function options(server: Server): WebhookDeliveryOptions {
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    secrets: [secret],
    connectTimeoutMs: 1_000,
    requestTimeoutMs: 2_000,
    maxInFlight: 2,
    retry: {
      maxAttempts: 3,
      initialDelayMs: 1,
      maxDelayMs: 1,
      maxElapsedMs: 10_000,
      retryAfterMaxMs: 1_000,
    },
    breaker: { threshold: 10, halfOpenAfterMs: 60_000, halfOpenMaxMs: 60_000 },
  };
}

const event = (id: string) =>
  ({ event_id: id, content_id: `content-${id}` }) as EnrichedEngagementEventV1;

describe('WebhookDeliverer', () => {
  let server: Server;
  let received: Received[];
  let deliverer: WebhookDeliverer;
  let metrics: WebhookMetrics;
  const shutdown = new AbortController();
  const hold = { signal: shutdown.signal, holdWhileUnavailable: true };

  async function start(statuses: number[], failureHeaders?: Record<string, string>): Promise<void> {
    ({ server, received } = await endpoint(statuses, failureHeaders));
    metrics = new WebhookMetrics(new MetricsRegistry());
    deliverer = new WebhookDeliverer(options(server), metrics);
  }

  afterEach(async () => {
    await deliverer.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('re-sends a retried request under the same webhook-id, each attempt verifiable', async () => {
    await start([503, 200]);
    expect(await deliverer.deliver([event('7')], hold)).toEqual([
      { kind: 'delivered', status: 200, attempts: 2 },
    ]);
    expect(received.map((request) => request.headers['webhook-id'])).toEqual(['7', '7']);
    for (const request of received) {
      expect(
        new Webhook(secret).verify(request.body, request.headers as Record<string, string>),
      ).toMatchObject({ idempotency_key: '7', event_count: 1 });
      expect(request.headers['idempotency-key']).toBeUndefined();
      expect(request.headers['x-signature']).toBeUndefined();
    }
  });

  it('waits as long as Retry-After asks before the retry (the backoff alone is 1 ms)', async () => {
    await start([503, 200], { 'retry-after': '1' });
    expect(await deliverer.deliver([event('8')], hold)).toEqual([
      { kind: 'delivered', status: 200, attempts: 2 },
    ]);
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('on 410 Gone pauses every delivery without retrying or dead-lettering, until resumed', async () => {
    await start([410, 200]);
    const gone = deliverer.deliver([event('1')], hold);
    while (!deliverer.endpoint.gone) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const waiting = deliverer.deliver([event('2')], hold);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // One request got the 410; nothing else went out, not even a retry of it.
    expect(received).toHaveLength(1);
    expect(deliverer.endpoint.gone).toMatchObject({ key: '1' });
    expect((await metrics.endpointGone.get()).values[0]?.value).toBe(1);
    expect(deliverer.policy.breakerState).toBe('closed');

    deliverer.endpoint.resume();
    expect(await gone).toEqual([{ kind: 'delivered', status: 200, attempts: 2 }]);
    expect(await waiting).toMatchObject([{ kind: 'delivered', status: 200 }]);
    expect((await metrics.endpointGone.get()).values[0]?.value).toBe(0);
  });

  it('without holding (the replay command) reports 410 as a failure and sends nothing more', async () => {
    await start([410]);
    const once = { signal: shutdown.signal, holdWhileUnavailable: false };
    const failed = {
      kind: 'failed',
      permanent: false,
      status: 410,
      error: 'endpoint gone (HTTP 410): deliveries to it are paused',
    };
    expect(await deliverer.deliver([event('1'), event('2')], once)).toEqual([
      { ...failed, attempts: 1 },
      { ...failed, attempts: 1 },
    ]);
    expect(await deliverer.deliver([event('3')], once)).toEqual([{ ...failed, attempts: 0 }]);
    expect(received).toHaveLength(1);
  });
});
