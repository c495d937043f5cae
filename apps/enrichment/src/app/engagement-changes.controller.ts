import {
  type BatchContext,
  BatchErrorsFilter,
  type BatchOutcome,
  type InboundRecord,
} from '@cdc/kafka';
import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { EngagementEventsProcessor } from './engagement-events.processor';

/** The pattern of the engagement_events change records (Debezium's events topic). */
export const ENGAGEMENT_CHANGES_PATTERN = 'cdc.engagement-changes';

@Controller()
@UseFilters(BatchErrorsFilter)
export class EngagementChangesController {
  constructor(private readonly processor: EngagementEventsProcessor) {}

  @EventPattern(ENGAGEMENT_CHANGES_PATTERN)
  enrich(@Payload() records: InboundRecord[], @Ctx() context: BatchContext): Promise<BatchOutcome> {
    return this.processor.handle(records, context);
  }
}
