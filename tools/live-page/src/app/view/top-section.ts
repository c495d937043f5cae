import type { ReadResult, TopItem } from '../read-api/read-api-client';
import { formatScore } from './format';
import { html, type SafeHtml } from './html';
import { type PageQuery, pageSearch } from './page-query';

const MEASURE_LABEL = { seconds: 'Engagement seconds', events: 'Events' } as const;

function caption(query: PageQuery): string {
  const measure = query.by === 'seconds' ? 'engagement seconds' : 'number of events';
  const scope = query.contentType ? `${query.contentType} only` : 'all content types';
  return `Top content over the last 10 minutes by ${measure}, ${scope}`;
}

function row(item: TopItem, rank: number, query: PageQuery): SafeHtml {
  const href = pageSearch({ ...query, content: item.content_id });
  const selected = query.content === item.content_id;
  return html`<tr
    data-content-id="${item.content_id}"
    ${selected ? html` aria-current="true"` : ''}
  >
    <td class="number">${rank}</td>
    <th scope="row">
      <a href="${href}#content" data-drill data-focus-key="drill-${item.content_id}"
        >${item.title ?? item.content_id}</a
      >
    </th>
    <td>${item.slug ?? '–'}</td>
    <td>${item.content_type ?? 'unknown'}</td>
    <td class="number" data-score>${formatScore(item.score)}</td>
  </tr>`;
}

/** The ranking table (replaced on every change), from GET /top. */
export function topSection(result: ReadResult<{ items: TopItem[] }>, query: PageQuery): SafeHtml {
  if (!result.ok) {
    return html`<p class="problem">
      redis-sink's read API did not
      answer${result.status === null ? '' : ` (HTTP ${result.status})`}; retrying.
    </p>`;
  }
  const items = result.value.items;
  return html`<table id="top-table" data-by="${query.by}" data-type="${query.contentType ?? 'all'}">
    <caption>
      ${caption(query)}
    </caption>
    <thead>
      <tr>
        <th scope="col">Rank</th>
        <th scope="col">Title</th>
        <th scope="col">Slug</th>
        <th scope="col">Type</th>
        <th scope="col">${MEASURE_LABEL[query.by]}</th>
      </tr>
    </thead>
    <tbody>
      ${
        items.length === 0
          ? html`<tr>
              <td colspan="5">No engagement in the last 10 minutes.</td>
            </tr>`
          : items.map((item, index) => row(item, index + 1, query))
      }
    </tbody>
  </table>`;
}

/** What the live region says when the ranking changes: the first three, in words. */
export function topAnnouncement(
  result: ReadResult<{ items: TopItem[] }>,
  query: PageQuery,
): string {
  if (!result.ok) {
    return 'The ranking is unavailable: the read API did not answer.';
  }
  const first = result.value.items.slice(0, 3);
  if (first.length === 0) {
    return 'No engagement in the last 10 minutes.';
  }
  const measure = query.by === 'seconds' ? 'engagement seconds' : 'events';
  const list = first
    .map((item, index) => `${index + 1}. ${item.title ?? item.content_id}, ${item.score}`)
    .join('; ');
  return `Top by ${measure}: ${list}.`;
}
