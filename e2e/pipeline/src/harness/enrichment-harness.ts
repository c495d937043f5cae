import { cdcTopic, SourceTables } from '@cdc/contracts';
import { stackEnvironment } from '@cdc/testing';

import { AppHarness, type HarnessOptions } from './app-harness';
import { E2E_PORTS } from './ports';

/** The enrichment's production group, which every end-to-end enrichment joins. */
export const ENRICHMENT_GROUP = 'enrichment';

/**
 * The enrichment on the local stack. Unlike the sinks it runs in the shared group: two
 * enrichments in groups of their own (a second e2e run on the same stack, `npm run dev`) would
 * each enrich every CDC event, putting duplicates on the enriched topic that the enrichment
 * specs count exactly; in one group they share the CDC partition instead. So placeAt() refuses,
 * and close() leaves the group as it is.
 */
export class EnrichmentHarness extends AppHarness {
  constructor(options: HarnessOptions) {
    super(
      'enrichment',
      [cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.engagementEvents)],
      { port: E2E_PORTS.enrichment, ...options },
      ENRICHMENT_GROUP,
    );
  }

  protected appEnvironment(): Record<string, string> {
    return { LATE_CONTENT_WAIT_MS: '10000' };
  }
}
