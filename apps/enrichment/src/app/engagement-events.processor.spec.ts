import { ContentCatalog, type ContentRecord } from '@cdc/enrichment';
import type {
  BatchContext,
  DeadLetter,
  DeadLetterPublisher,
  InboundRecord,
  OutboundRecord,
  RecordPublisher,
} from '@cdc/kafka';
import { MetricsRegistry } from '@cdc/platform';
import { RouteMetrics, RoutePublisher } from '@cdc/route-publisher';
import { parseRoutes, RouteTable } from '@cdc/routing';
import type { ContentLookup } from '@cdc/source-db';

import type { ContentSync } from './content-sync.service';
import { EngagementEventsProcessor } from './engagement-events.processor';
import { EnrichmentConfig } from './enrichment.config';
import { EnrichmentMetrics } from './enrichment-metrics';
import { LateContentLookup } from './late-content-lookup';

const CONTENT_ID = '6f1c2b1e-8a57-4d0e-9d43-5b8f1b0c2a11';
const video: ContentRecord = {
  id: CONTENT_ID,
  slug: 'deep-dive',
  title: 'Deep Dive',
  contentType: 'video',
  lengthSeconds: 200,
  publishTs: '2026-01-02T03:04:05.000000Z',
};

function insert(offset: string, id: number, sequence = '["70","77"]'): InboundRecord {
  const after = {
    id,
    content_id: CONTENT_ID,
    user_id: null,
    event_type: 'play',
    event_ts: '2026-11-22T10:15:30.123456Z',
    duration_ms: 50_000,
    device: 'ios',
    raw_payload: null,
  };
  const value = {
    before: null,
    after,
    op: 'c',
    source: { ts_ms: 1_000, lsn: 77, sequence },
    ts_ms: 1_001,
  };
  return {
    topic: 'cdc.public.engagement_events',
    partition: 0,
    offset,
    key: null,
    value: Buffer.from(JSON.stringify(value)),
    headers: {},
    timestamp: '0',
  };
}

const context = {
  topic: 'cdc.public.engagement_events',
  partition: 0,
  heartbeat: async () => undefined,
  isActive: () => true,
  signal: new AbortController().signal,
} satisfies BatchContext;

/**
 * `tooLarge`: event ids whose enriched record the publisher sets aside as too large to produce;
 * `current`: what the per-batch content check reads from Postgres.
 */
function processor(
  lookup: () => Promise<ContentRecord | null>,
  {
    tooLarge = [],
    current = async () => [],
  }: {
    tooLarge?: readonly string[];
    current?: (ids: readonly string[]) => Promise<ContentRecord[]>;
  } = {},
) {
  const catalog = new ContentCatalog();
  const letters: { offset: string; eventId: string | null | undefined; reason: string }[] = [];
  const published: { id: string; content_title: unknown; engagement_pct: unknown }[] = [];
  /** Every record written, as `<topic> <event id> <x-route>`, in the order Kafka got them. */
  const writes: string[] = [];
  const publish = async (topic: string, records: readonly OutboundRecord[]) => {
    for (const record of records) {
      writes.push(
        [topic, record.headers?.['x-event-id'], record.headers?.['x-route']].join(' ').trim(),
      );
      if (topic === 'engagement.enriched.v1') {
        published.push(JSON.parse(String(record.value)));
      }
    }
  };
  const publisher = {
    publish,
    async publishSettingAside(topic: string, records: readonly OutboundRecord[]) {
      const oversized = records.flatMap((record, index) =>
        tooLarge.includes(record.headers?.['x-event-id'] ?? '')
          ? [
              {
                index,
                bytes: 2_000_000,
                reason: 'a record of 2000000 bytes is larger than 1048588',
              },
            ]
          : [],
      );
      await publish(
        topic,
        records.filter((_, index) => !oversized.some((entry) => entry.index === index)),
      );
      return oversized;
    },
  } as unknown as RecordPublisher;
  const deadLetters = {
    send: async (_topic: string, _stage: string, sent: readonly DeadLetter[]) => {
      for (const letter of sent) {
        letters.push({
          offset: letter.record.offset,
          eventId: letter.eventId,
          reason: letter.reason,
        });
      }
    },
  } as unknown as DeadLetterPublisher;
  const content = { catalog, awaitCaughtUp: async () => undefined } as unknown as ContentSync;
  const config = Object.assign(new EnrichmentConfig(), {
    LATE_CONTENT_WAIT_MS: 50,
    RETRY_INITIAL_MS: 10,
    RETRY_MAX_MS: 20,
    CONTENT_LOOKUP_ATTEMPTS: 3,
  });
  const checked: string[][] = [];
  const contentLookup = {
    findById: lookup,
    findByIds: async (ids: readonly string[]) => {
      checked.push([...ids]);
      return current(ids);
    },
  } as unknown as ContentLookup;
  const registry = new MetricsRegistry();
  const routes = parseRoutes(
    'routes:\n  - { name: videos, where: { field: content_type, eq: video }, partitions: 2 }',
  );
  const table = routes.ok ? routes.value : RouteTable.empty;
  const under = new EngagementEventsProcessor(
    config,
    content,
    contentLookup,
    new LateContentLookup(config, contentLookup),
    publisher,
    deadLetters,
    new EnrichmentMetrics(registry),
    new RoutePublisher(table, publisher, new RouteMetrics(registry, table)),
  );
  const late = async (resolution: string) =>
    (
      await registry.registry.getSingleMetric('cdc_enrichment_late_content_total')?.get()
    )?.values.find((value) => value.labels['resolution'] === resolution)?.value ?? 0;
  const view = () =>
    published.map((event) => ({
      id: (event as unknown as { event_id: string }).event_id,
      title: event.content_title,
      pct: event.engagement_pct,
    }));
  const outcomes = async () =>
    Object.fromEntries(
      (
        (await registry.registry.getSingleMetric('cdc_enrichment_events_total')?.get())?.values ??
        []
      ).map((value) => [value.labels['outcome'], value.value]),
    );
  return { under, catalog, view, late, writes, letters, outcomes, checked };
}

describe('EngagementEventsProcessor: late content', () => {
  it('publishes an event of known content in the batch, deferring nothing', async () => {
    const { under, catalog, view } = processor(async () => null);
    catalog.upsert(video);
    const outcome = await under.handle([insert('5', 1)], context);
    expect(outcome.deferred).toEqual([]);
    expect(view()).toEqual([{ id: '1', title: 'Deep Dive', pct: 25 }]);
  });

  it('defers an event whose content arrives on the content stream, then enriches it with it', async () => {
    const { under, catalog, view, late } = processor(async () => null);
    const outcome = await under.handle([insert('6', 2)], context);
    expect(outcome.deferred?.map((entry) => entry.offset)).toEqual(['6']);
    expect(view()).toEqual([]);
    catalog.upsert(video);
    await outcome.deferred?.[0]?.settled;
    expect(view()).toEqual([{ id: '2', title: 'Deep Dive', pct: 25 }]);
    expect(await late('cdc')).toBe(1);
  });

  it('asks Postgres after the wait, retrying a failed lookup, and caches what it found', async () => {
    let lookups = 0;
    const { under, catalog, view, late } = processor(async () => {
      lookups += 1;
      if (lookups < 3) {
        throw new Error('connection refused');
      }
      return video;
    });
    const outcome = await under.handle([insert('7', 3)], context);
    await outcome.deferred?.[0]?.settled;
    expect(lookups).toBe(3);
    expect(view()).toEqual([{ id: '3', title: 'Deep Dive', pct: 25 }]);
    expect(catalog.get(CONTENT_ID)).toEqual(video);
    expect(await late('database')).toBe(1);
  });

  it('emits the event with NULL content fields when the content does not exist', async () => {
    const { under, view, late } = processor(async () => null);
    const outcome = await under.handle([insert('8', 4)], context);
    await outcome.deferred?.[0]?.settled;
    expect(view()).toEqual([{ id: '4', title: null, pct: null }]);
    expect(await late('missing')).toBe(1);
  });
});

describe('EngagementEventsProcessor: bounded late-content lookup', () => {
  it('dead-letters the event with the lookup error after the last attempt, and settles', async () => {
    let lookups = 0;
    const { under, view, late, letters } = processor(async () => {
      lookups += 1;
      throw new Error('permission denied for table content');
    });
    const outcome = await under.handle([insert('9', 5)], context);
    await outcome.deferred?.[0]?.settled;
    expect(lookups).toBe(3);
    expect(view()).toEqual([]);
    expect(letters).toEqual([
      {
        offset: '9',
        reason: `content lookup for ${CONTENT_ID} failed after 3 attempts: permission denied for table content`,
        eventId: '5',
      },
    ]);
    expect(await late('lookup_failed')).toBe(1);
  });
});

describe('EngagementEventsProcessor: content position', () => {
  it("reads the current row of an event's content when the catalogue is behind the event", async () => {
    const { under, catalog, view, checked } = processor(async () => null, {
      current: async () => [{ ...video, title: 'Renamed', lengthSeconds: 400 }],
    });
    catalog.upsert(video);
    catalog.markApplied({ commit: 60n, lsn: 65n });
    await under.handle([insert('5', 1, '["70","77"]')], context);
    expect(checked).toEqual([[CONTENT_ID]]);
    expect(view()).toEqual([{ id: '1', title: 'Renamed', pct: 12.5 }]);
  });

  it('uses the catalogue without a query once it has applied a change at or after the event', async () => {
    const { under, catalog, view, checked } = processor(async () => null);
    catalog.upsert(video);
    catalog.markApplied({ commit: 70n, lsn: 78n });
    await under.handle([insert('5', 1, '["70","77"]')], context);
    expect(checked).toEqual([]);
    expect(view()).toEqual([{ id: '1', title: 'Deep Dive', pct: 25 }]);
  });
});

describe('EngagementEventsProcessor: routes', () => {
  it('publishes route copies in the same handle, right after the enriched records', async () => {
    const { under, catalog, writes } = processor(async () => null);
    catalog.upsert(video);
    await under.handle([insert('5', 1), insert('6', 2)], context);
    expect(writes).toEqual([
      'engagement.enriched.v1 1',
      'engagement.enriched.v1 2',
      'engagement.route.videos.v1 1 videos',
      'engagement.route.videos.v1 2 videos',
    ]);
  });

  it('routes a late event before its deferred offset settles, with the content it waited for', async () => {
    const { under, catalog, writes } = processor(async () => null);
    const outcome = await under.handle([insert('6', 2)], context);
    catalog.upsert(video);
    await outcome.deferred?.[0]?.settled;
    expect(writes).toEqual(['engagement.enriched.v1 2', 'engagement.route.videos.v1 2 videos']);
  });

  it('does not route a late event whose content never arrives (content_type NULL)', async () => {
    const { under, writes } = processor(async () => null);
    const outcome = await under.handle([insert('8', 4)], context);
    await outcome.deferred?.[0]?.settled;
    expect(writes).toEqual(['engagement.enriched.v1 4']);
  });
});

describe('EngagementEventsProcessor: an enriched record too large to produce', () => {
  it('dead-letters its CDC record with the reason, counts it and neither publishes nor routes it', async () => {
    const { under, catalog, writes, letters, outcomes } = processor(async () => null, {
      tooLarge: ['2'],
    });
    catalog.upsert(video);
    const outcome = await under.handle([insert('5', 1), insert('6', 2), insert('7', 3)], context);
    expect(outcome.deferred).toEqual([]);
    expect(writes).toEqual([
      'engagement.enriched.v1 1',
      'engagement.enriched.v1 3',
      'engagement.route.videos.v1 1 videos',
      'engagement.route.videos.v1 3 videos',
    ]);
    expect(letters).toEqual([
      {
        offset: '6',
        eventId: '2',
        reason:
          'the enriched event cannot be produced to engagement.enriched.v1: a record of 2000000 bytes is larger than 1048588',
      },
    ]);
    expect(await outcomes()).toEqual({ enriched: 2, dead_lettered: 1 });
  });

  it('dead-letters a late event the same way, once, and settles its offset', async () => {
    const { under, catalog, writes, letters, outcomes } = processor(async () => null, {
      tooLarge: ['4'],
    });
    const outcome = await under.handle([insert('8', 4)], context);
    catalog.upsert(video);
    await outcome.deferred?.[0]?.settled;
    expect(writes).toEqual([]);
    expect(letters.map(({ offset, eventId }) => [offset, eventId])).toEqual([['8', '4']]);
    expect(await outcomes()).toEqual({ enriched: 0, dead_lettered: 1 });
  });
});
