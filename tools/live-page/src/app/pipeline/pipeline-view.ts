import { type LatencySummary, latencySummary } from '../metrics/histogram-quantile';
import { type Scrape, ScrapeDelta } from '../metrics/scrape';
import type { AppReading, HealthState } from './app-reading';

/** One app's row: throughput between the last two polls, consumer lag, readiness. */
export interface StageView {
  name: string;
  health: HealthState;
  failing: string[];
  /** Records consumed per second (cdc_records_consumed_total); null before two polls. */
  inRate: number | null;
  /** Sinks: records handled (cdc_sink_events_total); others: records produced. */
  outRate: number | null;
  /** Σ cdc_consumer_committed_lag over the app's partitions; null when it consumes nothing. */
  lag: number | null;
  /** The sink label when the app is a sink, with its outcome rates. */
  sink: string | null;
  outcomes: { outcome: string; rate: number; total: number }[];
}

export interface LatencyView extends LatencySummary {
  sink: string;
}

export interface DeadLetterView {
  topic: string;
  total: number;
  rate: number | null;
}

export interface WebhookView {
  app: string;
  breaker: string;
  /** active, or gone after a 410 (deliveries paused); unknown when not exported. */
  endpoint: 'active' | 'gone' | 'unknown';
  pendingEvents: number | null;
}

export interface PipelineView {
  at: Date;
  /** Seconds the rates and latencies cover (the last poll interval); null before two polls. */
  intervalS: number | null;
  stages: StageView[];
  latency: LatencyView[];
  deadLetters: DeadLetterView[];
  webhooks: WebhookView[];
}

const SINK_EVENTS = 'cdc_sink_events_total';
const LATENCY = 'cdc_commit_to_sink_latency_seconds';
const DEAD_LETTERED = 'cdc_records_dead_lettered_total';
/** cdc_webhook_breaker_state values (cockatiel's CircuitState). */
const BREAKER_STATES = ['closed', 'open', 'half-open', 'isolated'];

function deltaOf(reading: AppReading): ScrapeDelta | null {
  return reading.current && reading.previous
    ? new ScrapeDelta(reading.previous, reading.current)
    : null;
}

function stageOf(reading: AppReading): StageView {
  const { current } = reading;
  const delta = deltaOf(reading);
  const sink = current?.select(SINK_EVENTS)[0]?.labels['sink'] ?? null;
  const outcomes = delta
    ? [...delta.increaseBy(SINK_EVENTS, 'outcome').entries()].map(([outcome, increase]) => ({
        outcome,
        rate: increase / delta.seconds,
        total: current?.sum(SINK_EVENTS, { outcome }) ?? 0,
      }))
    : [];
  return {
    name: reading.target.name,
    health: reading.health,
    failing: reading.failing,
    inRate: delta ? delta.rate('cdc_records_consumed_total') : null,
    outRate: delta ? delta.rate(sink ? SINK_EVENTS : 'cdc_records_produced_total') : null,
    lag: current?.has('cdc_consumer_committed_lag')
      ? current.sum('cdc_consumer_committed_lag')
      : null,
    sink,
    outcomes,
  };
}

function latencyOf(readings: readonly AppReading[]): LatencyView[] {
  const views: LatencyView[] = [];
  for (const reading of readings) {
    const delta = deltaOf(reading);
    const sinks = new Set(
      (reading.current?.select(`${LATENCY}_count`) ?? []).map((s) => s.labels['sink'] ?? ''),
    );
    for (const sink of [...sinks].sort()) {
      const summary = delta
        ? latencySummary(delta, LATENCY, { sink })
        : { count: 0, p50: null, p95: null };
      views.push({ sink, ...summary });
    }
  }
  return views;
}

/** Dead letters per dead-letter topic, summed over every app that writes to it. */
function deadLettersOf(readings: readonly AppReading[]): DeadLetterView[] {
  const byTopic = new Map<string, DeadLetterView>();
  for (const reading of readings) {
    const delta = deltaOf(reading);
    for (const sample of reading.current?.select(DEAD_LETTERED) ?? []) {
      const topic = sample.labels['topic'] ?? '';
      const view = byTopic.get(topic) ?? { topic, total: 0, rate: delta ? 0 : null };
      view.total += sample.value;
      byTopic.set(topic, view);
    }
    for (const [topic, increase] of delta?.increaseBy(DEAD_LETTERED, 'topic') ?? []) {
      const view = byTopic.get(topic);
      if (view) {
        view.rate = (view.rate ?? 0) + increase / (delta as ScrapeDelta).seconds;
      }
    }
  }
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}

function endpointOf(scrape: Scrape, details: Record<string, unknown>): WebhookView['endpoint'] {
  if (scrape.has('cdc_webhook_endpoint_gone')) {
    return scrape.sum('cdc_webhook_endpoint_gone') > 0 ? 'gone' : 'active';
  }
  const reported = details['endpoint'];
  return reported === 'gone' || reported === 'active' ? reported : 'unknown';
}

function webhooksOf(readings: readonly AppReading[]): WebhookView[] {
  const views: WebhookView[] = [];
  for (const reading of readings) {
    const scrape = reading.current;
    if (!scrape?.has('cdc_webhook_breaker_state')) {
      continue;
    }
    const state = scrape.sum('cdc_webhook_breaker_state');
    views.push({
      app: reading.target.name,
      breaker: BREAKER_STATES[state] ?? `unknown (${state})`,
      endpoint: endpointOf(scrape, reading.details['webhook'] ?? {}),
      pendingEvents: scrape.has('cdc_webhook_pending_events')
        ? scrape.sum('cdc_webhook_pending_events')
        : null,
    });
  }
  return views;
}

/** Everything the page shows about the pipeline, from the latest poll of every app. */
export function pipelineView(readings: readonly AppReading[], at: Date): PipelineView {
  const deltas = readings.map(deltaOf).filter((delta): delta is ScrapeDelta => delta !== null);
  return {
    at,
    intervalS: deltas.length > 0 ? Math.max(...deltas.map((delta) => delta.seconds)) : null,
    stages: readings.map(stageOf),
    latency: latencyOf(readings),
    deadLetters: deadLettersOf(readings),
    webhooks: webhooksOf(readings),
  };
}
