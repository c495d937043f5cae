import { Topics } from '@cdc/contracts';

import { AppHarness, type HarnessOptions } from './app-harness';
import { E2E_PORTS } from './ports';
import { E2E_WEBHOOK_SECRET, ReceiverProcess } from './receiver-process';

/** Fast breaker and retry timings so the resilience tests run in seconds, not minutes. */
function webhookVariables(receiver: ReceiverProcess): Record<string, string> {
  return {
    WEBHOOK_URL: receiver.webhookUrl,
    WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
    WEBHOOK_CONTENT_TYPES: 'video',
    WEBHOOK_MAX_IN_FLIGHT: '16',
    WEBHOOK_REQUEST_TIMEOUT_MS: '5000',
    WEBHOOK_RETRY_INITIAL_MS: '50',
    WEBHOOK_RETRY_MAX_DELAY_MS: '500',
    WEBHOOK_RETRY_MAX_ATTEMPTS: '20',
    WEBHOOK_RETRY_MAX_ELAPSED_MS: '60000',
    WEBHOOK_BREAKER_THRESHOLD: '10',
    WEBHOOK_BREAKER_HALF_OPEN_MS: '1000',
    WEBHOOK_BREAKER_HALF_OPEN_MAX_MS: '4000',
    CONSUMER_MAX_WAIT_MS: '50',
    SHUTDOWN_TIMEOUT_MS: '5000',
  };
}

export interface WebhookSinkHarnessOptions extends HarnessOptions {
  /** Port of the harness's own receiver. */
  receiverPort?: number;
  /** A receiver the caller owns instead, shared by several sinks of one file. */
  receiver?: ReceiverProcess;
}

/**
 * The webhook-sink of a test file, delivering to the reference receiver (`receiver`, started
 * by the spec). Its data is what the receiver recorded: close() stops the receiver it owns.
 */
export class WebhookSinkHarness extends AppHarness {
  readonly receiver: ReceiverProcess;
  private readonly ownsReceiver: boolean;

  constructor(options: WebhookSinkHarnessOptions) {
    super('webhook-sink', [Topics.enriched, Topics.backfill], {
      port: E2E_PORTS.webhookSink,
      ...options,
    });
    this.receiver = options.receiver ?? new ReceiverProcess(options.receiverPort);
    this.ownsReceiver = options.receiver === undefined;
  }

  protected appEnvironment(): Record<string, string> {
    return webhookVariables(this.receiver);
  }

  protected override async cleanup(): Promise<void> {
    if (this.ownsReceiver) {
      await this.receiver.stop();
    }
  }
}
