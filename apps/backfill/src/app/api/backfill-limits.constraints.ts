import { Injectable } from '@nestjs/common';
import { toIsoMicros } from '@cdc/enrichment';
import { type ValidationArguments, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { BackfillConfig } from '../backfill.config';

const DAY_MS = 86_400_000;

/**
 * `to` may be at most BACKFILL_MAX_RANGE_DAYS after `from`. A Nest provider, so it reads the
 * validated config; class-validator finds it through the container set in ValidatorContainer.
 */
@Injectable()
@ValidatorConstraint({ name: 'maxRange' })
export class MaxRangeConstraint implements ValidatorConstraintInterface {
  constructor(private readonly config: BackfillConfig) {}

  validate(to: unknown, args: ValidationArguments): boolean {
    const from = (args.object as { from?: unknown }).from;
    const fromMs = epochMs(from);
    const toMs = epochMs(to);
    // Malformed or misordered bounds have their own messages.
    if (fromMs === null || toMs === null || toMs <= fromMs) return true;
    return toMs - fromMs <= this.config.BACKFILL_MAX_RANGE_DAYS * DAY_MS;
  }

  defaultMessage(): string {
    return `the range from..to must not exceed ${this.config.BACKFILL_MAX_RANGE_DAYS} days (BACKFILL_MAX_RANGE_DAYS)`;
  }
}

@Injectable()
@ValidatorConstraint({ name: 'maxRateLimit' })
export class MaxRateLimitConstraint implements ValidatorConstraintInterface {
  constructor(private readonly config: BackfillConfig) {}

  validate(rateLimit: unknown): boolean {
    return typeof rateLimit !== 'number' || rateLimit <= this.config.BACKFILL_MAX_RATE_LIMIT;
  }

  defaultMessage(): string {
    return `rateLimit must not be greater than ${this.config.BACKFILL_MAX_RATE_LIMIT} rows per second (BACKFILL_MAX_RATE_LIMIT)`;
  }
}

/** Epoch milliseconds of a timestamp the API accepts; null when it is not one. */
export function epochMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const iso = toIsoMicros(value);
  return iso === null ? null : Date.parse(iso);
}
