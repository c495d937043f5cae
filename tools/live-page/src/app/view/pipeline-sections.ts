import type { PipelineView, StageView } from '../pipeline/pipeline-view';
import { formatCount, formatLatency, formatRate } from './format';
import { html, type SafeHtml } from './html';

function interval(view: PipelineView): string {
  return view.intervalS === null
    ? '(no app read twice yet)'
    : `over the last ${view.intervalS.toFixed(1)} s`;
}

function readiness(stage: StageView): string {
  switch (stage.health) {
    case 'ready':
      return 'ready';
    case 'not-ready':
      return stage.failing.length > 0 ? `not ready: ${stage.failing.join(', ')}` : 'not ready';
    case 'unreachable':
      return 'unreachable';
  }
}

/** Per app: readiness, events/s in and out, committed consumer lag; then the sinks' outcomes. */
export function stagesSection(view: PipelineView): SafeHtml {
  const outcomes = view.stages.flatMap((stage) =>
    stage.outcomes.filter((outcome) => outcome.total > 0).map((outcome) => ({ stage, ...outcome })),
  );
  return html`<table id="stages-table">
      <caption>
        Stages: events per second ${interval(view)}
      </caption>
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">Readiness</th>
          <th scope="col">In (events/s)</th>
          <th scope="col">Out (events/s)</th>
          <th scope="col">Consumer lag (records)</th>
        </tr>
      </thead>
      <tbody>
        ${view.stages.map(
          (stage) =>
            html`<tr data-stage="${stage.name}">
              <th scope="row">${stage.name}</th>
              <td data-health="${stage.health}">${readiness(stage)}</td>
              <td class="number" data-in>${formatRate(stage.inRate)}</td>
              <td class="number" data-out>${formatRate(stage.outRate)}</td>
              <td class="number" data-lag>${formatCount(stage.lag)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <table id="outcomes-table">
      <caption>
        Sink outcomes: events per second ${interval(view)}, and totals since each sink started
      </caption>
      <thead>
        <tr>
          <th scope="col">Sink</th>
          <th scope="col">Outcome</th>
          <th scope="col">Events/s</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        ${
          outcomes.length === 0
            ? html`<tr>
                <td colspan="4">No sink has handled an event yet.</td>
              </tr>`
            : outcomes.map(
                (entry) =>
                  html`<tr data-sink="${entry.stage.sink}" data-outcome="${entry.outcome}">
                    <th scope="row">${entry.stage.sink}</th>
                    <td>${entry.outcome}</td>
                    <td class="number">${formatRate(entry.rate)}</td>
                    <td class="number" data-total>${formatCount(entry.total)}</td>
                  </tr>`,
              )
        }
      </tbody>
    </table>`;
}

/** p50/p95 of commit → sink latency per sink, from the histogram's buckets of the last interval. */
export function latencySection(view: PipelineView): SafeHtml {
  return html`<table id="latency-table">
    <caption>
      Postgres commit to sink write, ${interval(view)}
    </caption>
    <thead>
      <tr>
        <th scope="col">Sink</th>
        <th scope="col">Events</th>
        <th scope="col">p50</th>
        <th scope="col">p95</th>
      </tr>
    </thead>
    <tbody>
      ${
        view.latency.length === 0
          ? html`<tr>
              <td colspan="4">No sink is being read.</td>
            </tr>`
          : view.latency.map(
              (entry) =>
                html`<tr data-sink="${entry.sink}">
                  <th scope="row">${entry.sink}</th>
                  <td class="number" data-count>${formatCount(entry.count)}</td>
                  <td class="number" data-p50>${formatLatency(entry.p50)}</td>
                  <td class="number" data-p95>${formatLatency(entry.p95)}</td>
                </tr>`,
            )
      }
    </tbody>
  </table>`;
}

export function deadLettersSection(view: PipelineView): SafeHtml {
  return html`<table id="dead-letters-table">
    <caption>
      Dead letters per topic, since each app started
    </caption>
    <thead>
      <tr>
        <th scope="col">Topic</th>
        <th scope="col">Total</th>
        <th scope="col">Per second</th>
      </tr>
    </thead>
    <tbody>
      ${
        view.deadLetters.length === 0
          ? html`<tr>
              <td colspan="3">No dead letters.</td>
            </tr>`
          : view.deadLetters.map(
              (entry) =>
                html`<tr data-topic="${entry.topic}">
                  <th scope="row">${entry.topic}</th>
                  <td class="number" data-total>${formatCount(entry.total)}</td>
                  <td class="number">${formatRate(entry.rate)}</td>
                </tr>`,
            )
      }
    </tbody>
  </table>`;
}

export function webhookSection(view: PipelineView): SafeHtml {
  if (view.webhooks.length === 0) {
    return html`<p>No webhook-sink is being read.</p>`;
  }
  return html`<table id="webhook-table">
    <caption>
      Webhook delivery
    </caption>
    <thead>
      <tr>
        <th scope="col">App</th>
        <th scope="col">Circuit breaker</th>
        <th scope="col">Endpoint</th>
        <th scope="col">Pending events</th>
      </tr>
    </thead>
    <tbody>
      ${view.webhooks.map(
        (entry) =>
          html`<tr data-app="${entry.app}">
            <th scope="row">${entry.app}</th>
            <td data-breaker>${entry.breaker}</td>
            <td data-endpoint>
              ${entry.endpoint === 'gone' ? 'gone (410): deliveries paused' : entry.endpoint}
            </td>
            <td class="number">${formatCount(entry.pendingEvents)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
