import { ConsumerConfig, type DeadLetter, DeadLetterPublisher } from '@cdc/kafka';
import { retryWithBackoff } from '@cdc/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { SinkMetrics } from './sink-metrics';
import { SINK_OPTIONS, type SinkOptions, sinkStage } from './sink-options';

/**
 * The sink's dead-letter topic. A letter must land before its offset commits, so sending is
 * retried until Kafka takes it, or until the signal says the work was abandoned.
 */
@Injectable()
export class SinkDeadLetters {
  private readonly logger = new Logger(SinkDeadLetters.name);

  constructor(
    private readonly publisher: DeadLetterPublisher,
    private readonly metrics: SinkMetrics,
    private readonly consumer: ConsumerConfig,
    @Inject(SINK_OPTIONS) private readonly options: SinkOptions,
  ) {}

  async send(letters: readonly DeadLetter[], outcome: string, signal?: AbortSignal): Promise<void> {
    if (letters.length === 0) {
      return;
    }
    await retryWithBackoff(
      () =>
        this.publisher.send(this.options.deadLetterTopic, sinkStage(this.options.sink), letters),
      {
        initialMs: this.consumer.RETRY_INITIAL_MS,
        maxMs: this.consumer.RETRY_MAX_MS,
        ...(signal ? { signal } : {}),
        onRetry: ({ attempt, delayMs, error }) =>
          this.logger.warn(
            {
              letters: letters.length,
              firstEventId: letters[0]?.eventId ?? null,
              attempt,
              delayMs,
            },
            `dead-lettering failed; retrying: ${String(error)}`,
          ),
      },
    );
    this.metrics.count(outcome, letters.length);
  }
}
