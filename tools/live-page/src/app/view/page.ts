import { CONTENT_TYPES } from '@cdc/contracts';

import { TOP_MEASURES } from '../read-api/read-api-client';
import { html, SafeHtml } from './html';
import type { LiveSections, SectionId } from './live-sections';
import type { PageQuery } from './page-query';

const MEASURE_TEXT = { seconds: 'Engagement seconds', events: 'Events' } as const;

function section(id: SectionId, heading: string, body: string): SafeHtml {
  return html`<section aria-labelledby="${id}-heading">
    <h2 id="${id}-heading">${heading}</h2>
    <div id="${id}" class="live">${new SafeHtml(body)}</div>
  </section>`;
}

/** The choices of the ranking; a plain GET form, so it works without the script too. */
function controls(query: PageQuery): SafeHtml {
  return html`<form id="top-form" method="get" action="/">
    <fieldset>
      <legend>Rank by</legend>
      ${TOP_MEASURES.map(
        (measure) =>
          html`<label
            ><input
              type="radio"
              name="by"
              value="${measure}"
              ${query.by === measure ? html` checked` : ''}
            />
            ${MEASURE_TEXT[measure]}</label
          >`,
      )}
    </fieldset>
    <label for="type">Content type</label>
    <select id="type" name="type">
      <option value="" ${query.contentType === null ? html` selected` : ''}>All</option>
      ${CONTENT_TYPES.map(
        (type) =>
          html`<option value="${type}" ${query.contentType === type ? html` selected` : ''}>
            ${type}
          </option>`,
      )}
    </select>
    ${query.content ? html`<input type="hidden" name="content" value="${query.content}" />` : ''}
    <button type="submit">Show</button>
  </form>`;
}

/**
 * The whole document, rendered on the server with the current data (it is readable without
 * the script); the script then keeps each section up to date from /updates.
 */
export function renderPage(live: LiveSections, query: PageQuery): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>engagement-cdc live</title>
        <link rel="stylesheet" href="/assets/live-page.css" />
        <script src="/assets/live-page.js" defer></script>
      </head>
      <body>
        <header>
          <h1>engagement-cdc, live</h1>
          <p>
            Read from redis-sink's read API and every app's <code>/metrics</code> and
            <code>/health</code>; updated every second. Last update
            <time id="updated" datetime="${live.updatedAt}">${live.updatedClock}</time> UTC,
            <span id="connection">connecting</span>.
          </p>
          <p id="announcement" role="status" aria-live="polite" aria-atomic="true">
            ${live.announcement}
          </p>
        </header>
        <main>
          ${controls(query)} ${section('top', 'Top content, last 10 minutes', live.sections.top)}
          ${section('content', 'Content drill-down', live.sections.content)}
          ${section('stages', 'Pipeline stages', live.sections.stages)}
          ${section('latency', 'Commit to sink latency', live.sections.latency)}
          ${section('dead-letters', 'Dead letters', live.sections['dead-letters'])}
          ${section('webhook', 'Webhook', live.sections.webhook)}
        </main>
      </body>
    </html> `.text;
}
