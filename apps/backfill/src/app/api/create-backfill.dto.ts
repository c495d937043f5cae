import { BACKFILL_TARGETS, type BackfillTarget, EVENT_TYPES, type EventType } from '@cdc/contracts';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Min,
  registerDecorator,
  Validate,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

import {
  epochMicros,
  MaxRangeConstraint,
  MaxRateLimitConstraint,
  RoutesTargetConstraint,
} from './backfill-limits.constraints';

const TIMESTAMP_HINT = 'an ISO-8601 timestamp with a time zone, e.g. 2026-11-21T00:00:00Z';

/** An ISO-8601 timestamp with time and zone (a bare date would be ambiguous). */
function IsTimestamp(options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: property,
      options: { message: `${property} must be ${TIMESTAMP_HINT}`, ...options },
      validator: { validate: (value: unknown) => epochMicros(value) !== null },
    });
}

/** This timestamp is strictly before the one in `other`. */
function IsBefore(other: string, options?: ValidationOptions) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'isBefore',
      target: target.constructor,
      propertyName: property,
      constraints: [other],
      options: { message: `${property} must be before ${other}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const mine = epochMicros(value);
          const theirs = epochMicros((args.object as Record<string, unknown>)[other]);
          return mine === null || theirs === null || mine < theirs;
        },
      },
    });
}

/**
 * Body of POST /backfills. Unknown properties are refused (whitelist + forbidNonWhitelisted).
 * Validation stops at a property's first error, and class-validator runs a property's
 * decorators from the bottom up, so the most basic check of each property is the last one.
 */
export class CreateBackfillDto {
  /** Inclusive start of the event_ts range. */
  @IsBefore('to')
  @IsTimestamp()
  from!: string;

  /** Exclusive end of the event_ts range. */
  @Validate(MaxRangeConstraint)
  @IsTimestamp()
  to!: string;

  @IsUUID('all', { each: true, message: 'each value in contentIds must be a UUID' })
  @ArrayMaxSize(1000, { message: 'contentIds must list at most 1000 ids' })
  @ArrayNotEmpty({ message: 'contentIds must not be empty; leave it out to include every content' })
  @IsArray({ message: 'contentIds must be an array of UUIDs' })
  @IsOptional()
  contentIds?: string[];

  @IsIn(EVENT_TYPES, {
    each: true,
    message: `each value in eventTypes must be one of ${EVENT_TYPES.join(', ')}`,
  })
  @ArrayNotEmpty({
    message: 'eventTypes must not be empty; leave it out to include every event type',
  })
  @IsArray({ message: `eventTypes must be an array of ${EVENT_TYPES.join(', ')}` })
  @IsOptional()
  eventTypes?: EventType[];

  /** Sinks, and `routes`: the route topics of ROUTES_FILE, one copy per matching route. */
  @Validate(RoutesTargetConstraint)
  @IsIn(BACKFILL_TARGETS, {
    each: true,
    message: `each value in sinks must be one of ${BACKFILL_TARGETS.join(', ')}`,
  })
  @ArrayUnique({ message: 'sinks must not repeat a sink' })
  @ArrayNotEmpty({ message: 'sinks must name at least one sink' })
  @IsArray({ message: `sinks must be an array of ${BACKFILL_TARGETS.join(', ')}` })
  @IsDefined({ message: `sinks is required: name at least one of ${BACKFILL_TARGETS.join(', ')}` })
  sinks!: BackfillTarget[];

  /** Rows per second; BACKFILL_DEFAULT_RATE_LIMIT when left out. */
  @Validate(MaxRateLimitConstraint)
  @Min(1, { message: 'rateLimit must be at least 1 row per second' })
  @IsInt({ message: 'rateLimit must be an integer number of rows per second' })
  @IsOptional()
  rateLimit?: number;
}
