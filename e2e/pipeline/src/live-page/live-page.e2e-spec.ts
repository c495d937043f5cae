import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { aContent, anEvent, isoMicros, SourceDbFixture, waitUntil } from '@cdc/testing';
import type { Browser, Page } from 'puppeteer-core';

import { EnrichmentHarness, RedisSinkHarness } from '../harness';
import {
  launchChromium,
  LIVE_PAGE_E2E_PORTS,
  LivePageProcess,
  SCREENSHOT,
} from './live-page.support';

interface Row {
  id: string;
  title: string;
  score: string;
}

/** The top table's rows as the browser shows them. */
function topRows(page: Page): Promise<Row[]> {
  return page.$$eval('#top-table tbody tr[data-content-id]', (rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-content-id') ?? '',
      title: row.querySelector('a')?.textContent?.trim() ?? '',
      score: row.querySelector('[data-score]')?.textContent?.trim() ?? '',
    })),
  );
}

/** Waits until the top table, ranked by `by`, shows exactly these [id, score] rows among its rows, in this order. */
async function waitForRanking(
  page: Page,
  expected: [string, string][],
  by: 'seconds' | 'events',
): Promise<void> {
  const ids = new Set(expected.map(([id]) => id));
  await waitUntil(
    async () => {
      const measure = await page.$eval('#top-table', (table) => table.getAttribute('data-by'));
      const shown = (await topRows(page))
        .filter((row) => ids.has(row.id))
        .map((row) => [row.id, row.score]);
      return measure === by && JSON.stringify(shown) === JSON.stringify(expected)
        ? true
        : undefined;
    },
    `the page's top by ${by} to show ${JSON.stringify(expected)}`,
    5_000,
    50,
  );
}

function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (element) => element.textContent?.trim() ?? '');
}

describe('live page: the ranking and the counts, in a real browser', () => {
  const enrichment = new EnrichmentHarness({
    name: 'live-page',
    port: LIVE_PAGE_E2E_PORTS.enrichment,
  });
  const redisSink = new RedisSinkHarness({
    name: 'live-page',
    port: LIVE_PAGE_E2E_PORTS.redisSink,
  });
  const db = new SourceDbFixture();
  const livePage = new LivePageProcess(LIVE_PAGE_E2E_PORTS.livePage, {
    LIVE_PAGE_APPS: `enrichment=http://127.0.0.1:${LIVE_PAGE_E2E_PORTS.enrichment},redis-sink=http://127.0.0.1:${LIVE_PAGE_E2E_PORTS.redisSink}`,
  });
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await redisSink.placeAtEnd();
    await enrichment.start();
    await redisSink.start();
    await livePage.start();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // Video only: other files' contents on the shared stack stay out of the way of the ranking.
    await page.goto(`${livePage.url}/?by=seconds&type=video`, { waitUntil: 'domcontentloaded' });
    await waitUntil(
      async () => ((await text(page, '#connection')) === 'live' ? true : undefined),
      'the page to connect to /updates',
      10_000,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await livePage.stop();
    await redisSink.close();
    await enrichment.close();
    await db.close();
  });

  it('shows the new ranking with exact scores within 5 s of the commit, by seconds and by events', async () => {
    const [six, four] = await Promise.all([
      db.insertContent(aContent({ content_type: 'video', length_seconds: 3_600 })),
      db.insertContent(aContent({ content_type: 'video', length_seconds: 3_600 })),
    ]);
    const now = Date.now();
    // six: 6 events of 5 minutes (1800 s); four: 4 events of 10 minutes (2400 s).
    await db.insertEvents([
      ...Array.from({ length: 6 }, (_, i) =>
        anEvent({ content_id: six.id, duration_ms: 300_000, event_ts: isoMicros(now - i) }),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        anEvent({ content_id: four.id, duration_ms: 600_000, event_ts: isoMicros(now - i) }),
      ),
    ]);
    const committedAt = Date.now();

    await waitForRanking(
      page,
      [
        [four.id, '2400'],
        [six.id, '1800'],
      ],
      'seconds',
    );
    expect(Date.now() - committedAt).toBeLessThan(5_000);
    const rows = (await topRows(page)).filter((row) => [six.id, four.id].includes(row.id));
    expect(rows).toEqual([
      { id: four.id, title: four.title, score: '2400' },
      { id: six.id, title: six.title, score: '1800' },
    ]);

    await page.click('input[name="by"][value="events"]');
    await waitForRanking(
      page,
      [
        [six.id, '6'],
        [four.id, '4'],
      ],
      'events',
    );
    expect(page.url()).toBe(`${livePage.url}/?by=events&type=video`);
    expect(await text(page, '#top-table caption')).toBe(
      'Top content over the last 10 minutes by number of events, video only',
    );
  });

  it('drills into a content: its exact totals and its latest events, newest first', async () => {
    const content = await db.insertContent(
      aContent({ content_type: 'video', length_seconds: 1_000 }),
    );
    const now = Date.now();
    const ids = await db.insertEvents(
      (['play', 'pause', 'finish'] as const).map((event_type, i) =>
        anEvent({
          content_id: content.id,
          event_type,
          duration_ms: 100_000 * (i + 1),
          event_ts: isoMicros(now - 3 + i),
        }),
      ),
    );
    await waitForRanking(page, [[content.id, '3']], 'events');
    await page.click(`a[data-focus-key="drill-${content.id}"]`);
    await waitUntil(
      async () =>
        (await page
          .$eval('#content-title', (title) => title.getAttribute('data-content-id'))
          .catch(() => null)) === content.id
          ? true
          : undefined,
      'the drill-down of the content',
      5_000,
    );
    expect(page.url()).toBe(`${livePage.url}/?by=events&type=video&content=${content.id}`);
    const field = (name: string) => text(page, `#content-totals [data-field="${name}"]`);
    expect(await text(page, '#content-title')).toBe(content.title);
    expect(
      await Promise.all(
        ['events', 'events_play', 'events_pause', 'events_finish', 'events_click'].map(field),
      ),
    ).toEqual(['3', '1', '1', '1', '0']);
    // 100 + 200 + 300 s; pct 10 %, 20 %, 30 % of 1000 s: mean 20.
    expect(await field('engagement_seconds_sum')).toBe('600');
    expect(await field('engagement_pct_avg')).toBe('20 %');
    expect(await field('slug')).toBe(content.slug);
    expect(
      await page.$$eval('#recent-table tbody tr[data-event-id]', (rows) =>
        rows.map((row) => row.getAttribute('data-event-id')),
      ),
    ).toEqual([...ids].reverse());
  });

  it('shows each stage ready with its rates, and the commit to Redis latency of new events', async () => {
    const stage = (name: string, cell: string) =>
      text(page, `#stages-table tr[data-stage="${name}"] [data-${cell}]`);
    expect(await stage('enrichment', 'health')).toBe('ready');
    expect(await stage('redis-sink', 'health')).toBe('ready');
    const appliedCell =
      '#outcomes-table tr[data-sink="redis"][data-outcome="applied"] [data-total]';
    const applied = async () => Number(await text(page, appliedCell).catch(() => '0'));
    const before = await applied();
    const content = await db.insertContent(aContent({ content_type: 'video' }));
    await db.insertEvents(
      Array.from({ length: 5 }, () => anEvent({ content_id: content.id, duration_ms: 1_000 })),
    );
    // Rates and latencies cover one poll interval. The tick at which the applied total first
    // counts our 5 events covers the interval in which the last of them was written, so its
    // latency row has at least that event.
    const latency = await waitUntil(
      async () => {
        const cells = await page
          .$$eval('#latency-table tr[data-sink="redis"] td', (tds) =>
            tds.map((td) => td.textContent?.trim() ?? ''),
          )
          .catch(() => []);
        return (await applied()) >= before + 5 && cells.length === 3 && Number(cells[0]) > 0
          ? cells
          : undefined;
      },
      'the 5 events applied, with a commit to Redis latency, in the page',
      5_000,
    );
    await waitForRanking(page, [[content.id, '5']], 'events');
    expect(latency[1]).toMatch(/^\d+ ms$/);
    expect(latency[2]).toMatch(/^\d+ ms$/);
    expect(Number(latency[1]!.split(' ')[0])).toBeLessThanOrEqual(
      Number(latency[2]!.split(' ')[0]),
    );
    expect(Number(await stage('redis-sink', 'lag'))).toBeGreaterThanOrEqual(0);
    expect(pageErrors).toEqual([]);
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('is plain, accessible HTML that loads nothing from elsewhere', async () => {
    const audit = await page.evaluate(`(() => {
      const tables = [...document.querySelectorAll('table')];
      const controls = [...document.querySelectorAll('input:not([type=hidden]), select')];
      return {
        h1: document.querySelectorAll('h1').length,
        tablesWithoutCaption: tables.filter((t) => !t.querySelector('caption')).length,
        headersWithoutScope: [...document.querySelectorAll('th')].filter((th) => !th.getAttribute('scope')).length,
        unlabelledControls: controls.filter((c) => !c.labels || c.labels.length === 0).length,
        liveRegion: document.querySelector('[aria-live="polite"]')?.id ?? null,
        foreign: performance.getEntriesByType('resource').map((r) => r.name).filter((n) => !n.startsWith(location.origin)),
        scripts: [...document.scripts].map((script) => script.src.replace(location.origin, '')),
      };
    })()`);
    expect(audit).toEqual({
      h1: 1,
      tablesWithoutCaption: 0,
      headersWithoutScope: 0,
      unlabelledControls: 0,
      liveRegion: 'announcement',
      foreign: [],
      scripts: ['/assets/live-page.js'],
    });
    expect(await text(page, '#announcement')).toMatch(/^Top by events: 1\. /);
  });

  it('shows what the API returns as text: a title with markup never becomes markup', async () => {
    const title = '<img src=x onerror="window.__injected = 1"> & <b>bold</b>';
    const content = await db.insertContent(
      aContent({
        content_type: 'video',
        title,
        slug: `<script>window.__injected = 2</script>-${randomUUID()}`,
      }),
    );
    await db.insertEvents(
      Array.from({ length: 7 }, () => anEvent({ content_id: content.id, duration_ms: 1_000 })),
    );
    await waitForRanking(page, [[content.id, '7']], 'events');
    const row = `#top-table tr[data-content-id="${content.id}"]`;
    expect(await text(page, `${row} a`)).toBe(title);
    expect(await page.$(`${row} img`)).toBeNull();
    expect(await page.$(`${row} b`)).toBeNull();
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
