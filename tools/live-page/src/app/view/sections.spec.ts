import { contentSection } from './content-section';
import { topAnnouncement, topSection } from './top-section';

/** The markup without the layout whitespace Prettier gives the templates. */
function compact(markup: string): string {
  return markup
    .replace(/\s+/g, ' ')
    .replace(/\s*(<[^>]*>)\s*/g, '$1')
    .replace(/\s+>/g, '>');
}

const hostile = {
  content_id: '5f0c2a91-1b2c-4d3e-8f90-a1b2c3d4e5f6',
  slug: 'a"><script>alert(1)</script>',
  title: '<b>Bold</b> & "quoted"',
  content_type: 'video',
  score: 93.5,
};
const query = { by: 'seconds' as const, contentType: null, content: null };

describe('topSection', () => {
  it('ranks the items in a captioned table, every API value escaped', () => {
    const markup = compact(
      topSection(
        {
          ok: true,
          value: { items: [hostile, { ...hostile, content_id: 'unknown', title: null, score: 2 }] },
        },
        query,
      ).text,
    );
    expect(markup).toContain(
      '<caption>Top content over the last 10 minutes by engagement seconds, all content types</caption>',
    );
    expect(markup).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</a>');
    expect(markup).toContain('<td>a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<b>');
    expect(markup).toContain('<td class="number" data-score>93.5</td>');
    expect(markup).toContain(`href="?by=seconds&amp;content=${hostile.content_id}#content"`);
    expect(markup.match(/<tr data-content-id=/g)).toHaveLength(2);
  });

  it('says so when the read API does not answer, or nothing was engaged with', () => {
    expect(topSection({ ok: false, status: 503 }, query).text).toContain('(HTTP 503)');
    expect(topSection({ ok: true, value: { items: [] } }, query).text).toContain(
      'No engagement in the last 10 minutes.',
    );
  });

  it('announces the first three in words', () => {
    expect(topAnnouncement({ ok: true, value: { items: [hostile] } }, query)).toBe(
      'Top by engagement seconds: 1. <b>Bold</b> & "quoted", 93.5.',
    );
  });
});

describe('contentSection', () => {
  it('shows the totals and the latest events, escaped', () => {
    const markup = compact(
      contentSection({
        id: hostile.content_id,
        stats: {
          ok: true,
          value: {
            ...hostile,
            events: 2,
            events_by_type: { play: 1, finish: 1 },
            engagement_seconds_sum: 240,
            engagement_pct_avg: 6.67,
            last_event_ts: '2026-11-22T10:00:00.000000Z',
          },
        },
        recent: {
          ok: true,
          value: {
            events: [
              {
                event_id: '<i>9</i>',
                event_type: 'finish',
                source_ts_ms: 1000,
                applied_at_ms: 1084,
              },
            ],
          },
        },
      }).text,
    );
    expect(markup).toContain('<dd data-field="events">2</dd>');
    expect(markup).toContain('<dd data-field="events_pause">0</dd>');
    expect(markup).toContain('<dd data-field="engagement_seconds_sum">240</dd>');
    expect(markup).toContain('<dd data-field="engagement_pct_avg">6.67 %</dd>');
    expect(markup).toContain('<th scope="row">&lt;i&gt;9&lt;/i&gt;</th>');
    expect(markup).toContain('<td class="number">84 ms</td>');
    expect(markup).not.toContain('<i>');
  });

  it('invites a choice without a content, and says when nothing was recorded', () => {
    expect(contentSection(null).text).toContain('Choose a title in the top list');
    expect(
      contentSection({
        id: 'unknown',
        stats: { ok: false, status: 404 },
        recent: { ok: false, status: 404 },
      }).text,
    ).toContain('No engagement recorded for this content.');
  });
});
