import { ReadinessRegistry } from '@cdc/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { ContentSync } from './content-sync.service';
import { LateContentLookup } from './late-content-lookup';

/**
 * The "content" readiness check: down while the content consumer recovers from a crash (the
 * catalogue is stale meanwhile) or while late-content lookups fail (their events go to the
 * dead-letter topic), naming the error; up with the catalogue's size and applied LSN.
 */
@Injectable()
export class ContentReadiness implements OnModuleInit {
  constructor(
    private readonly content: ContentSync,
    private readonly lookups: LateContentLookup,
    private readonly readiness: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
  ) {}

  onModuleInit(): void {
    this.readiness.register('content', async () => {
      const check = this.indicator.check('content');
      const recovery = this.content.recovery;
      if (recovery) {
        return check.down({
          consumer: 'crashed',
          since: recovery.since.toISOString(),
          attempt: recovery.attempt,
          error: recovery.error,
        });
      }
      const failure = await this.lookups.stillFailing();
      if (failure) {
        return check.down({
          lookup: 'failing',
          contentId: failure.contentId,
          since: failure.since.toISOString(),
          error: failure.error,
        });
      }
      const applied = this.content.catalog.appliedThrough;
      return check.up({
        contents: this.content.catalog.size,
        appliedLsn: applied === null ? null : applied.lsn.toString(),
      });
    });
  }
}
