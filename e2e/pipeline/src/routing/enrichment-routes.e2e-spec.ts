import { RecordHeaders, Topics } from '@cdc/contracts';
import type { TopicTail } from '@cdc/kafka';
import {
  aContent,
  anEvent,
  type AppProcess,
  type ContentRow,
  type EventRow,
  KafkaFixture,
  metricValue,
  SourceDbFixture,
  waitUntil,
} from '@cdc/testing';

import {
  admin,
  eventIdOf,
  eventIds,
  outOfOrderContents,
  runSuffix,
  startRoutingEnrichment,
  tailFromBeginning,
  writeRoutesFile,
} from './routing.support';

const suffix = runSuffix();
const route = {
  videoFinishes: `video-finishes-${suffix}`,
  newsletterClicks: `newsletter-clicks-${suffix}`,
  longSessions: `long-sessions-${suffix}`,
  ete: `ete-${suffix}`,
  dotted: `dotted-key-${suffix}`,
};
const topicOf = (name: string) => `engagement.route.${name}.v1`;
const PARTITIONS = {
  [route.videoFinishes]: 16,
  [route.newsletterClicks]: 4,
  [route.longSessions]: 8,
  [route.ete]: 2,
  [route.dotted]: 1,
};

// Every predicate also requires this run's marker in raw_payload: the enrichment under test
// reads every CDC event committed while it runs, other test files' included, and the topics
// must hold this run's events only for the assertions to be exact.
const marker = `{ payload: [e2e_run], eq: "${suffix}" }`;
const ROUTES = `
routes:
  - name: ${route.videoFinishes}
    where:
      and:
        - { field: event_type, eq: finish }
        - { field: content_type, eq: video }
        - ${marker}
  - name: ${route.newsletterClicks}
    where:
      and: [{ field: event_type, eq: click }, { field: content_type, in: [newsletter] }, ${marker}]
    partitions: 4
  - name: ${route.longSessions}
    where: { and: [{ field: engagement_pct, gte: 90 }, ${marker}] }
    partitions: 8
  - name: ${route.ete}
    where: { and: [{ payload: [кампания, 名前], eq: été }, ${marker}] }
    partitions: 2
  - name: ${route.dotted}
    where: { and: [{ payload: ["кампания.名前"], exists: true }, ${marker}] }
    partitions: 1
`;

const EVENT_TYPES = ['play', 'pause', 'finish', 'click'] as const;
const DEVICES = ['web', 'ios', 'android', null] as const;

describe('routes: enrichment copies matching events to route topics', () => {
  const db = new SourceDbFixture();
  const kafka = new KafkaFixture();
  let enrichment: AppProcess;
  let enriched: TopicTail;
  const tails = new Map<string, TopicTail>();

  beforeAll(async () => {
    enrichment = await startRoutingEnrichment(kafka, writeRoutesFile(ROUTES), suffix);
    enriched = await kafka.tail([Topics.enriched]);
    for (const name of Object.values(route)) {
      tails.set(name, await tailFromBeginning(kafka, [topicOf(name)]));
    }
  });

  afterAll(async () => {
    await enrichment?.kill('SIGTERM');
    await Promise.all([...tails.values()].map((tail) => tail.stop()));
    await kafka.close();
    await db.close();
  });

  /** Waits until every id is on the enriched topic, then until each route holds its count. */
  async function settle(ids: readonly string[], expected: Record<string, readonly string[]>) {
    const wanted = new Set(ids);
    await waitUntil(
      () =>
        new Set(eventIds(enriched).filter((id) => wanted.has(id))).size === ids.length
          ? true
          : undefined,
      `${ids.length} enriched events`,
      120_000,
      200,
    );
    for (const [name, list] of Object.entries(expected)) {
      await tails.get(name)!.waitFor(() => true, list.length, 30_000);
    }
    // A second more: whatever else would arrive (a duplicate, a wrong match) arrives now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }

  it('creates each route topic with its partition count', async () => {
    const topics = admin(kafka);
    try {
      const counts = await topics.partitionCounts(Object.keys(PARTITIONS).map(topicOf));
      expect(Object.keys(PARTITIONS).map((name) => counts.get(topicOf(name)))).toEqual(
        Object.values(PARTITIONS),
      );
    } finally {
      await topics.onApplicationShutdown();
    }
  });

  it('routes 2,000 mixed events: each topic holds exactly the matching ids, once, in commit order per content, with the enriched headers plus x-route', async () => {
    const contents: ContentRow[] = [];
    for (const [index, type] of (['video', 'newsletter', 'podcast'] as const).entries()) {
      for (let n = 0; n < 8; n += 1) {
        // Length 100 s: engagement_pct is exactly the duration in seconds. Every eighth content
        // has no length, so its events have a NULL pct.
        const length = n === 7 ? null : 100;
        contents.push(
          await db.insertContent(aContent({ content_type: type, length_seconds: length })),
        );
      }
      expect(contents).toHaveLength((index + 1) * 8);
    }
    const rows: EventRow[] = Array.from({ length: 2_000 }, (_, i) => {
      const content = i % 13 === 0 ? null : contents[(i * 7) % contents.length]!;
      return anEvent({
        content_id: content?.id ?? null,
        event_type: EVENT_TYPES[(i * 3 + Math.floor(i / 4)) % 4]!,
        duration_ms: i % 17 === 0 ? null : ((i * 37) % 121) * 1000,
        device: DEVICES[i % 4]!,
        raw_payload: { e2e_run: suffix, i },
      });
    });
    const ids: string[] = [];
    for (let start = 0; start < rows.length; start += 100) {
      ids.push(...(await db.insertEvents(rows.slice(start, start + 100))));
    }

    const byId = new Map(contents.map((content) => [content.id, content]));
    const pct = (row: EventRow) => {
      const content = row.content_id === null ? undefined : byId.get(row.content_id);
      return content?.length_seconds && row.duration_ms !== null
        ? (row.duration_ms / 1000 / content.length_seconds) * 100
        : null;
    };
    const typeOf = (row: EventRow) =>
      row.content_id === null ? null : byId.get(row.content_id)!.content_type;
    const pick = (test: (row: EventRow) => boolean) => ids.filter((_, i) => test(rows[i]!));
    const expected = {
      [route.videoFinishes]: pick((row) => row.event_type === 'finish' && typeOf(row) === 'video'),
      [route.newsletterClicks]: pick(
        (row) => row.event_type === 'click' && typeOf(row) === 'newsletter',
      ),
      [route.longSessions]: pick((row) => (pct(row) ?? -1) >= 90),
    };
    // The mix exercises every route, and NULL pcts stay out of long-sessions.
    expect(Object.values(expected).map((list) => list.length > 50)).toEqual([true, true, true]);
    expect(rows.filter((row) => pct(row) === null).length).toBeGreaterThan(100);

    await settle(ids, expected);

    for (const [name, list] of Object.entries(expected)) {
      const tail = tails.get(name)!;
      expect([name, [...eventIds(tail)].sort()]).toEqual([name, [...list].sort()]);
      expect([name, outOfOrderContents(tail.records)]).toEqual([name, []]);
      for (const copy of tail.records) {
        const originals = enriched.records.filter(
          (record) => eventIdOf(record) === eventIdOf(copy) && record.value!.equals(copy.value!),
        );
        expect(originals).toHaveLength(1);
        expect(copy.key?.toString()).toBe(originals[0]!.key?.toString());
        expect(copy.headers).toEqual({ ...originals[0]!.headers, [RecordHeaders.route]: name });
      }
    }
    expect(tails.get(route.ete)!.records).toEqual([]);
    expect(tails.get(route.dotted)!.records).toEqual([]);

    const metrics = await enrichment.metrics();
    expect(
      Object.keys(expected).map((name) => [
        metricValue(metrics, 'cdc_route_events_matched_total', { route: name }),
        metricValue(metrics, 'cdc_route_events_published_total', { route: name }),
      ]),
    ).toEqual(Object.values(expected).map((list) => [list.length, list.length]));
  });

  it('routes on a raw_payload path of unicode keys and values, exactly', async () => {
    const payloads: { payload: unknown; ete: boolean; dotted: boolean }[] = [
      { payload: { кампания: { 名前: 'été' } }, ete: true, dotted: false },
      { payload: { кампания: { 名前: 'été', другое: 1 }, x: [1] }, ete: true, dotted: false },
      // Decomposed accents look the same and are another string.
      { payload: { кампания: { 名前: 'e\u0301te\u0301' } }, ete: false, dotted: false },
      { payload: { кампания: { 名前: 'Été' } }, ete: false, dotted: false },
      { payload: { кампания: { 名前: null } }, ete: false, dotted: false },
      { payload: { кампания: { имя: 'été' } }, ete: false, dotted: false },
      { payload: { кампания: 'été' }, ete: false, dotted: false },
      { payload: { кампания: ['été'] }, ete: false, dotted: false },
      // A key that contains a dot is one step, only the list form names it.
      { payload: { 'кампания.名前': 'été' }, ete: false, dotted: true },
      { payload: { 'кампания.名前': false }, ete: false, dotted: true },
      { payload: { 'кампания.名前': null }, ete: false, dotted: false },
      { payload: null, ete: false, dotted: false },
    ];
    const rows = payloads.map(({ payload }) =>
      anEvent({
        event_type: 'play',
        raw_payload: payload === null ? { e2e_run: suffix } : { ...payload, e2e_run: suffix },
      }),
    );
    const ids = await db.insertEvents(rows);
    const expected = {
      [route.ete]: ids.filter((_, i) => payloads[i]!.ete),
      [route.dotted]: ids.filter((_, i) => payloads[i]!.dotted),
    };

    await settle(ids, expected);

    expect([...eventIds(tails.get(route.ete)!)].sort()).toEqual([...expected[route.ete]!].sort());
    expect([...eventIds(tails.get(route.dotted)!)].sort()).toEqual(
      [...expected[route.dotted]!].sort(),
    );
    // The bytes of the first payload, unicode intact (events without content have no key, so
    // their copies spread over partitions: find it by id, not by position).
    const copy = tails.get(route.ete)!.records.find((record) => eventIdOf(record) === ids[0]);
    expect(JSON.parse(copy!.value!.toString('utf8')).raw_payload).toEqual({
      кампания: { 名前: 'été' },
      e2e_run: suffix,
    });
  });
});
