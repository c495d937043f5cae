import { EVENT_TYPES } from '@cdc/contracts';

import type { ContentStats, ReadResult, RecentEvent } from '../read-api/read-api-client';
import { formatCount } from './format';
import { html, type SafeHtml } from './html';

export interface ContentReading {
  id: string;
  stats: ReadResult<ContentStats>;
  recent: ReadResult<{ events: RecentEvent[] }>;
}

function text(value: unknown): string {
  return value === null || value === undefined ? '–' : String(value);
}

/** Commit → Redis for one event, from what the recent list recorded (ms). */
function commitToRedis(event: RecentEvent): string {
  const source = event['source_ts_ms'];
  const applied = event['applied_at_ms'];
  return typeof source === 'number' && typeof applied === 'number' ? `${applied - source} ms` : '–';
}

function totals(stats: ContentStats): SafeHtml {
  return html`<dl id="content-totals">
    <dt>Content id</dt>
    <dd data-field="content_id">${stats.content_id}</dd>
    <dt>Slug</dt>
    <dd data-field="slug">${text(stats.slug)}</dd>
    <dt>Type</dt>
    <dd data-field="content_type">${text(stats.content_type)}</dd>
    <dt>Events</dt>
    <dd data-field="events">${formatCount(stats.events)}</dd>
    ${EVENT_TYPES.map(
      (type) =>
        html`<dt>${type} events</dt>
          <dd data-field="events_${type}">${formatCount(stats.events_by_type[type] ?? 0)}</dd>`,
    )}
    <dt>Engagement seconds</dt>
    <dd data-field="engagement_seconds_sum">${text(stats.engagement_seconds_sum)}</dd>
    <dt>Average engagement</dt>
    <dd data-field="engagement_pct_avg">
      ${stats.engagement_pct_avg === null ? '–' : `${stats.engagement_pct_avg} %`}
    </dd>
    <dt>Last event</dt>
    <dd data-field="last_event_ts">${text(stats.last_event_ts)}</dd>
  </dl>`;
}

function recentTable(events: readonly RecentEvent[]): SafeHtml {
  return html`<table id="recent-table">
    <caption>
      Latest events, newest first
    </caption>
    <thead>
      <tr>
        <th scope="col">Event id</th>
        <th scope="col">Type</th>
        <th scope="col">Event time</th>
        <th scope="col">Engagement seconds</th>
        <th scope="col">Engagement %</th>
        <th scope="col">Device</th>
        <th scope="col">Origin</th>
        <th scope="col">Commit to Redis</th>
      </tr>
    </thead>
    <tbody>
      ${
        events.length === 0
          ? html`<tr>
              <td colspan="8">No events recorded.</td>
            </tr>`
          : events.map(
              (event) =>
                html`<tr data-event-id="${text(event['event_id'])}">
                  <th scope="row">${text(event['event_id'])}</th>
                  <td>${text(event['event_type'])}</td>
                  <td>${text(event['event_ts'])}</td>
                  <td class="number">${text(event['engagement_seconds'])}</td>
                  <td class="number">${text(event['engagement_pct'])}</td>
                  <td>${text(event['device'])}</td>
                  <td>${text(event['origin'])}</td>
                  <td class="number">${commitToRedis(event)}</td>
                </tr>`,
            )
      }
    </tbody>
  </table>`;
}

/** The drill-down: GET /content/:id/stats and /content/:id/recent of the content chosen. */
export function contentSection(reading: ContentReading | null): SafeHtml {
  if (!reading) {
    return html`<p>Choose a title in the top list to see its totals and its latest events.</p>`;
  }
  const { stats, recent } = reading;
  if (!stats.ok) {
    return html`<h3 id="content-title">Content ${reading.id}</h3>
      <p>
        ${stats.status === 404 ? 'No engagement recorded for this content.' : "redis-sink's read API did not answer; retrying."}
      </p>`;
  }
  return html`<h3 id="content-title" data-content-id="${stats.value.content_id}">
      ${stats.value.title ?? stats.value.content_id}
    </h3>
    ${totals(stats.value)}
    ${recent.ok ? recentTable(recent.value.events) : html`<p>The latest events are unavailable; retrying.</p>`}`;
}
