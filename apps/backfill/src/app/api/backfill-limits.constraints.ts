import { ROUTES_TARGET } from '@cdc/contracts';
import { toIsoMicros } from '@cdc/enrichment';
import { RouteTable } from '@cdc/routing';
import { Injectable } from '@nestjs/common';
import {
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

import { BackfillConfig } from '../backfill.config';

const DAY_MICROS = 86_400_000_000n;

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
    const fromMicros = epochMicros(from);
    const toMicros = epochMicros(to);
    // Malformed or misordered bounds have their own messages.
    if (fromMicros === null || toMicros === null || toMicros <= fromMicros) {
      return true;
    }
    return toMicros - fromMicros <= BigInt(this.config.BACKFILL_MAX_RANGE_DAYS) * DAY_MICROS;
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

/** `routes` is a target only where there are routes: a job would otherwise fail at once. */
@Injectable()
@ValidatorConstraint({ name: 'routesConfigured' })
export class RoutesTargetConstraint implements ValidatorConstraintInterface {
  constructor(private readonly routes: RouteTable) {}

  validate(sinks: unknown): boolean {
    return !Array.isArray(sinks) || !sinks.includes(ROUTES_TARGET) || this.routes.size > 0;
  }

  defaultMessage(): string {
    return `sinks names ${ROUTES_TARGET}, but this backfill service has no routes (ROUTES_FILE is empty)`;
  }
}

/** Epoch microseconds of a timestamp the API accepts (exact, unlike Date); null when it is not one. */
export function epochMicros(value: unknown): bigint | null {
  if (typeof value !== 'string') {
    return null;
  }
  const iso = toIsoMicros(value);
  if (iso === null) {
    return null;
  }
  return BigInt(Date.parse(`${iso.slice(0, 19)}Z`)) * 1000n + BigInt(iso.slice(20, 26));
}
