import type { ContentRecord } from '@cdc/enrichment';
import { retryWithBackoff } from '@cdc/platform';
import { ContentLookup } from '@cdc/source-db';
import { Injectable, Logger } from '@nestjs/common';

import { EnrichmentConfig } from './enrichment.config';

export type LateLookupResult =
  { ok: true; content: ContentRecord | null } | { ok: false; reason: string };

/** The latest late-content lookup that exhausted its attempts, until one succeeds again. */
export interface LookupFailure {
  contentId: string;
  error: string;
  since: Date;
}

/**
 * The Postgres lookup of a late event's content, bounded: CONTENT_LOOKUP_ATTEMPTS attempts
 * with backoff, then the caller dead-letters the event, so that one failing lookup (a revoked
 * grant, a broken row, a dropped column) cannot hold its offset, and every later one, forever.
 */
@Injectable()
export class LateContentLookup {
  private readonly logger = new Logger(LateContentLookup.name);
  failure: LookupFailure | null = null;

  constructor(
    private readonly config: EnrichmentConfig,
    private readonly lookup: ContentLookup,
  ) {}

  /** Rejects only when `signal` aborts (the batch was abandoned: the offset is re-read). */
  async find(contentId: string, signal: AbortSignal): Promise<LateLookupResult> {
    let attempts = 0;
    try {
      const content = await retryWithBackoff(
        (attempt) => {
          attempts = attempt;
          return this.lookup.findById(contentId);
        },
        {
          initialMs: this.config.RETRY_INITIAL_MS,
          maxMs: this.config.RETRY_MAX_MS,
          maxAttempts: this.config.CONTENT_LOOKUP_ATTEMPTS,
          signal,
          onRetry: ({ attempt, delayMs, error }) =>
            this.logger.warn(
              `content lookup ${contentId} failed (attempt ${attempt} of ${this.config.CONTENT_LOOKUP_ATTEMPTS}, next in ${delayMs} ms): ${String(error)}`,
            ),
        },
      );
      this.failure = null;
      return { ok: true, content };
    } catch (error) {
      if (signal.aborted) {
        throw error;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.failure = { contentId, error: message, since: this.failure?.since ?? new Date() };
      this.logger.error(
        { contentId, attempts, error: message },
        'late-content lookup failed on every attempt; the event is dead-lettered',
      );
      return {
        ok: false,
        reason: `content lookup for ${contentId} failed after ${attempts} attempts: ${message}`,
      };
    }
  }

  /** The failure, if the failed lookup still fails when tried again now (readiness). */
  async stillFailing(): Promise<LookupFailure | null> {
    const failure = this.failure;
    if (!failure) {
      return null;
    }
    try {
      await this.lookup.findById(failure.contentId);
      this.failure = null;
      return null;
    } catch (error) {
      failure.error = error instanceof Error ? error.message : String(error);
      return failure;
    }
  }
}
