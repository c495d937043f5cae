import { CONTENT_TYPES, EVENT_TYPES, ORIGINS } from '@cdc/contracts';
import { ConsumerConfig, KafkaConfig } from '@cdc/kafka';
import { EnvBoolean, EnvInt, EnvList, RuntimeConfig } from '@cdc/platform';
import { SinkSourceConfig } from '@cdc/sink-runtime';
import {
  UNKNOWN_CONTENT_TYPE,
  type WebhookDeliveriesOptions,
  type WebhookDeliveryOptions,
} from '@cdc/webhook-delivery';
import { IntersectionType } from '@nestjs/mapped-types';
import { IsBoolean, IsIn, IsInt, IsUrl, Max, Min } from 'class-validator';

import { IsWebhookSecret } from './webhook-secret.validator';

/** Only for local runs against tools/webhook-receiver (the base64 of "dev-only-webhook-secret!"); the sink warns when it is in use. */
export const DEV_WEBHOOK_SECRET = 'whsec_ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQh';

export class WebhookSettings {
  /** The partner endpoint; by default the reference receiver of `npm run dev`. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  WEBHOOK_URL = 'http://127.0.0.1:3090/webhooks/engagement';

  /** Standard Webhooks signing secret, `whsec_<base64>`. */
  @IsWebhookSecret()
  WEBHOOK_SECRET = DEV_WEBHOOK_SECRET;

  /** During a rotation: the secrets being retired, still signed with so the partner can switch. */
  @EnvList()
  @IsWebhookSecret({ each: true })
  WEBHOOK_PREVIOUS_SECRETS: string[] = [];

  /**
   * Events per request, at most. Batches amortise the per-request costs (HMAC, HTTP, JSON) that
   * bound one-event requests to a few hundred a second; 1 sends each event on its own.
   */
  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_BATCH_SIZE = 250;

  /**
   * Longest wait for a request to fill. 0: send what is ready now (what the consumer batch just
   * submitted goes together), so a quiet stream waits for no timer.
   */
  @EnvInt()
  @IsInt()
  @Min(0)
  WEBHOOK_BATCH_LINGER_MS = 0;

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(1024)
  WEBHOOK_MAX_IN_FLIGHT = 16;

  /** Backpressure: the consumer stops fetching while this many events await delivery. */
  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_MAX_PENDING_EVENTS = 2_000;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_CONNECT_TIMEOUT_MS = 5_000;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_REQUEST_TIMEOUT_MS = 10_000;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_RETRY_MAX_ATTEMPTS = 8;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_RETRY_INITIAL_MS = 250;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_RETRY_MAX_DELAY_MS = 30_000;

  @EnvInt()
  @IsInt()
  @Min(0)
  WEBHOOK_RETRY_MAX_ELAPSED_MS = 120_000;

  @EnvInt()
  @IsInt()
  @Min(0)
  WEBHOOK_RETRY_AFTER_MAX_MS = 60_000;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_BREAKER_THRESHOLD = 5;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_BREAKER_HALF_OPEN_MS = 5_000;

  @EnvInt()
  @IsInt()
  @Min(1)
  WEBHOOK_BREAKER_HALF_OPEN_MAX_MS = 60_000;

  /** Empty lists send everything. */
  @EnvList()
  @IsIn(EVENT_TYPES, { each: true })
  WEBHOOK_EVENT_TYPES: string[] = [];

  @EnvList()
  @IsIn([...CONTENT_TYPES, UNKNOWN_CONTENT_TYPE], { each: true })
  WEBHOOK_CONTENT_TYPES: string[] = [];

  @EnvList()
  @IsIn(ORIGINS, { each: true })
  WEBHOOK_ORIGINS: string[] = [];

  /** true: snapshot reads (an initial snapshot's history) are filtered out, not delivered. */
  @EnvBoolean()
  @IsBoolean()
  WEBHOOK_EXCLUDE_SNAPSHOT_READS = false;
}

export class WebhookSinkConfig extends IntersectionType(
  RuntimeConfig,
  KafkaConfig,
  ConsumerConfig,
  SinkSourceConfig,
  WebhookSettings,
) {
  override HTTP_PORT = 3004;
  override CONSUMER_GROUP_ID = 'webhook-sink';
}

/** Batching, ordering lanes and backpressure of the queue in front of the deliverer. */
export function queueOptionsFrom(config: WebhookSettings): WebhookDeliveriesOptions {
  return {
    batchSize: config.WEBHOOK_BATCH_SIZE,
    lingerMs: config.WEBHOOK_BATCH_LINGER_MS,
    maxInFlight: config.WEBHOOK_MAX_IN_FLIGHT,
    maxPending: config.WEBHOOK_MAX_PENDING_EVENTS,
  };
}

export function deliveryOptionsFrom(config: WebhookSettings): WebhookDeliveryOptions {
  return {
    url: config.WEBHOOK_URL,
    secrets: [config.WEBHOOK_SECRET, ...config.WEBHOOK_PREVIOUS_SECRETS],
    connectTimeoutMs: config.WEBHOOK_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: config.WEBHOOK_REQUEST_TIMEOUT_MS,
    maxInFlight: config.WEBHOOK_MAX_IN_FLIGHT,
    retry: {
      maxAttempts: config.WEBHOOK_RETRY_MAX_ATTEMPTS,
      initialDelayMs: config.WEBHOOK_RETRY_INITIAL_MS,
      maxDelayMs: config.WEBHOOK_RETRY_MAX_DELAY_MS,
      maxElapsedMs: config.WEBHOOK_RETRY_MAX_ELAPSED_MS,
      retryAfterMaxMs: config.WEBHOOK_RETRY_AFTER_MAX_MS,
    },
    breaker: {
      threshold: config.WEBHOOK_BREAKER_THRESHOLD,
      halfOpenAfterMs: config.WEBHOOK_BREAKER_HALF_OPEN_MS,
      halfOpenMaxMs: config.WEBHOOK_BREAKER_HALF_OPEN_MAX_MS,
    },
  };
}
