import { RecordHeaders, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import {
  aContent,
  anEvent,
  type ContentRow,
  type EventRow,
  KafkaFixture,
  metricValue,
  SourceDbFixture,
} from '@cdc/testing';

import {
  BackfillHarness,
  startJob,
  waitForStatus,
  yesterdayHour,
} from '../harness/backfill-harness';
import {
  eventIdOf,
  eventIds,
  outOfOrderContents,
  ROUTING_PORTS,
  runSuffix,
  tailFromBeginning,
  writeRoutesFile,
} from './routing.support';

const suffix = runSuffix();
const finishes = `history-finishes-${suffix}`;
const long = `history-long-${suffix}`;
const topicOf = (name: string) => `engagement.route.${name}.v1`;
// Only this run's backfill writes these new topics, so their whole content is asserted.
const ROUTES = `
routes:
  - name: ${finishes}
    where: { field: event_type, eq: finish }
    partitions: 4
  - name: ${long}
    where: { and: [{ field: engagement_pct, gte: 90 }, { field: origin, eq: backfill }] }
    partitions: 2
`;

describe('routes: a backfill targeting routes publishes the matching history to the route topics', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  const harness = new BackfillHarness({
    name: `routes-${suffix}`,
    port: ROUTING_PORTS.backfill,
    env: { ROUTES_FILE: writeRoutesFile(ROUTES), BACKFILL_PAGE_SIZE: '200' },
  });
  const tails = new Map<string, TopicTail>();
  let backfill: TopicTail;
  let contents: ContentRow[];
  let rows: EventRow[];
  let ids: string[];
  const start = yesterdayHour();
  const range = {
    from: start.toISOString(),
    to: new Date(start.getTime() + 3_600_000).toISOString(),
  };

  beforeAll(async () => {
    await harness.start();
    for (const name of [finishes, long]) {
      tails.set(name, await tailFromBeginning(kafka, [topicOf(name)]));
    }
    backfill = await kafka.tail([Topics.backfill]);
    contents = [];
    for (const type of ['video', 'podcast', 'newsletter'] as const) {
      contents.push(await db.insertContent(aContent({ content_type: type, length_seconds: 100 })));
    }
    contents.push(
      await db.insertContent(aContent({ content_type: 'video', length_seconds: null })),
    );
    const types = ['play', 'pause', 'finish', 'click'] as const;
    rows = Array.from({ length: 1_000 }, (_, i) =>
      anEvent({
        content_id: contents[i % contents.length]!.id,
        event_type: types[Math.floor(i / 3) % 4]!,
        event_ts: new Date(start.getTime() + i * 1_000).toISOString(),
        duration_ms: i % 9 === 0 ? null : ((i * 31) % 111) * 1000,
        raw_payload: { history: i },
      }),
    );
    ids = await db.insertEvents(rows);
  });

  afterAll(async () => {
    await harness.close();
    await Promise.all([...tails.values()].map((tail) => tail.stop()));
    await kafka.close();
    await db.close();
  });

  function expected(): Record<string, string[]> {
    const byId = new Map(contents.map((content) => [content.id, content]));
    const pct = (row: EventRow) => {
      const length = byId.get(row.content_id!)!.length_seconds;
      return length && row.duration_ms !== null ? (row.duration_ms / 1000 / length) * 100 : null;
    };
    return {
      [finishes]: ids.filter((_, i) => rows[i]!.event_type === 'finish'),
      [long]: ids.filter((_, i) => (pct(rows[i]!) ?? -1) >= 90),
    };
  }

  async function settle(jobId: string, counts: Record<string, number>): Promise<void> {
    for (const [name, count] of Object.entries(counts)) {
      await tails
        .get(name)!
        .waitFor((record) => record.headers[RecordHeaders.backfillJobId] === jobId, count, 60_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }

  const ofJob = (tail: TopicTail, jobId: string) =>
    tail.records.filter((record) => record.headers[RecordHeaders.backfillJobId] === jobId);

  it('sinks [routes]: only the route topics, exactly the matching ids once, in order per content, without x-target-sinks', async () => {
    const want = expected();
    expect([want[finishes]!.length > 100, want[long]!.length > 50]).toEqual([true, true]);
    const jobId = await startJob(harness.app, {
      ...range,
      contentIds: contents.map((content) => content.id),
      sinks: ['routes'],
      rateLimit: 10_000,
    });
    const done = await waitForStatus(harness.app, jobId, 'completed');
    await settle(jobId, { [finishes]: want[finishes]!.length, [long]: want[long]!.length });

    for (const name of [finishes, long]) {
      const tail = tails.get(name)!;
      expect([name, [...eventIds(tail)].sort()]).toEqual([name, [...want[name]!].sort()]);
      expect([name, outOfOrderContents(tail.records)]).toEqual([name, []]);
      for (const record of tail.records) {
        expect(record.headers).toEqual({
          [RecordHeaders.eventId]: eventIdOf(record),
          [RecordHeaders.origin]: 'backfill',
          [RecordHeaders.schema]: 'engagement.enriched/v1',
          [RecordHeaders.backfillJobId]: jobId,
          [RecordHeaders.route]: name,
        });
        const event = JSON.parse(record.value!.toString('utf8'));
        expect([event.origin, event.source_ts_ms, record.key?.toString()]).toEqual([
          'backfill',
          null,
          event.content_id,
        ]);
      }
    }
    expect(ofJob(backfill, jobId)).toEqual([]);
    expect(done.progress.rowsDone).toBe(1_000);
    expect(done.progress.recordsPublished).toBe(want[finishes]!.length + want[long]!.length);
    const metrics = await harness.metrics();
    expect([
      metricValue(metrics, 'cdc_route_events_published_total', { route: finishes }),
      metricValue(metrics, 'cdc_route_events_published_total', { route: long }),
    ]).toEqual([want[finishes]!.length, want[long]!.length]);
  });

  it('sinks [redis, routes]: the backfill topic gets every row, the route topics the same bytes of the matching ones', async () => {
    const want = expected();
    const jobId = await startJob(harness.app, {
      ...range,
      contentIds: contents.map((content) => content.id),
      sinks: ['redis', 'routes'],
      rateLimit: 10_000,
    });
    await waitForStatus(harness.app, jobId, 'completed');
    await backfill.waitFor(
      (record) => record.headers[RecordHeaders.backfillJobId] === jobId,
      1_000,
    );
    await settle(jobId, { [finishes]: want[finishes]!.length, [long]: want[long]!.length });

    const published = ofJob(backfill, jobId);
    expect(published.map(eventIdOf).sort()).toEqual([...ids].sort());
    expect(new Set(published.map((record) => record.headers[RecordHeaders.targetSinks]))).toEqual(
      new Set(['redis,routes']),
    );
    for (const name of [finishes, long]) {
      const copies = ofJob(tails.get(name)!, jobId);
      expect([name, copies.map(eventIdOf).sort()]).toEqual([name, [...want[name]!].sort()]);
      for (const copy of copies) {
        const original = published.find((record) => eventIdOf(record) === eventIdOf(copy))!;
        expect(copy.value!.equals(original.value!)).toBe(true);
        const { [RecordHeaders.targetSinks]: _sinks, ...headers } = original.headers;
        expect(copy.headers).toEqual({ ...headers, [RecordHeaders.route]: name });
      }
    }
  });
});
