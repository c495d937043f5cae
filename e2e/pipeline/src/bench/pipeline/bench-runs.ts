import type { BenchLoad } from './bench-load';
import { bucketsBetween, observations, quantileMs } from './latency-histogram';
import type { MachineUsage, ProcessUsage, UsageMeter } from './process-usage';
import {
  type SinkName,
  SINKS,
  type StageCounters,
  type StageName,
  type StageReading,
  STAGES,
} from './stage-counters';

/** A stage kept up when it had handled every event of the run this soon after the last insert. */
export const KEPT_UP_WITHIN_S = 10;

export interface StageFigures {
  events_per_s: number | null;
  /** Commit → this stage (debezium: enrichment received the record; enrichment: published). */
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  latency_observations: number;
  kept_up: boolean | null;
  /** Seconds from the last insert (steady) or from the commit (burst) to the last event handled. */
  done_after_s: number | null;
  /** Events of the run the stage had handled when the run ended (all of them, or a timeout). */
  handled: number;
}

export type SinkFigures = StageFigures;

export interface RunFigures {
  name: string;
  kind: 'steady' | 'burst';
  asked_rate: number | null;
  inserted: number;
  inserted_per_s: number | null;
  seconds: number;
  stages: Record<'debezium' | 'enrichment', StageFigures>;
  sinks: Record<SinkName, SinkFigures>;
  /** For the burst: each stage's rate as a share of Debezium's in the same run. */
  ratio_to_debezium: Partial<Record<StageName, number | null>>;
  processes: ProcessUsage[];
  /** Every core of the machine over the run (a saturated 2-core machine reads 200). */
  machine: MachineUsage;
}

/** A run's figures of one stage, Debezium and enrichment or a sink. */
export function stageFigures(run: RunFigures, stage: StageName): StageFigures {
  return stage === 'debezium' || stage === 'enrichment' ? run.stages[stage] : run.sinks[stage];
}

export interface RunSettings {
  /** Longest wait for every stage to finish a run's events. */
  drainTimeoutS: number;
  pollMs: number;
}

/** Polls until every stage has handled `expected` events past `base`, or the timeout. */
async function awaitStages(
  counters: StageCounters,
  base: StageReading,
  expected: number,
  settings: RunSettings,
  meter: UsageMeter,
): Promise<{ doneAtMs: Partial<Record<StageName, number>>; last: StageReading }> {
  const doneAtMs: Partial<Record<StageName, number>> = {};
  const deadline = Date.now() + settings.drainTimeoutS * 1000;
  let last = await counters.read();
  let lastSample = Date.now();
  while (true) {
    for (const stage of STAGES) {
      if (doneAtMs[stage] === undefined && last.counts[stage] - base.counts[stage] >= expected) {
        doneAtMs[stage] = last.atMs;
      }
    }
    if (STAGES.every((stage) => doneAtMs[stage] !== undefined) || Date.now() > deadline) {
      return { doneAtMs, last };
    }
    if (Date.now() - lastSample >= 1000) {
      meter.sample();
      lastSample = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, settings.pollMs));
    last = await counters.read();
  }
}

function stageLatency(before: StageReading, after: StageReading, stage: StageName) {
  const delta = bucketsBetween(before.latency[stage], after.latency[stage]);
  return {
    p50_ms: quantileMs(delta, 0.5),
    p95_ms: quantileMs(delta, 0.95),
    p99_ms: quantileMs(delta, 0.99),
    latency_observations: observations(delta),
  };
}

const round = (value: number) => Math.round(value);
const seconds = (fromMs: number, toMs: number | undefined) =>
  toMs === undefined ? null : Math.round((toMs - fromMs) / 100) / 10;

export async function steadyRun(
  rate: number,
  durationS: number,
  load: BenchLoad,
  counters: StageCounters,
  meter: UsageMeter,
  settings: RunSettings,
): Promise<RunFigures> {
  const before = await counters.read();
  meter.begin();
  const readings: Promise<StageReading>[] = [];
  const steady = await load.steady(rate, durationS, () => {
    meter.sample();
    readings.push(counters.read());
  });
  const { doneAtMs, last } = await awaitStages(counters, before, steady.inserted, settings, meter);
  const machine = meter.machine();
  const processes = meter.end();
  const during = await Promise.all(readings);
  const handled = (stage: StageName) => last.counts[stage] - before.counts[stage];
  const figures = (stage: StageName): StageFigures => {
    const doneAfter = seconds(steady.endedAtMs, doneAtMs[stage]);
    // From the stage's first event to its last: a stage that batches for seconds (BigQuery)
    // starts late and is not penalised for it; one that falls behind is measured at its pace.
    const firstAt =
      during.find((reading) => reading.counts[stage] > before.counts[stage])?.atMs ??
      steady.startedAtMs;
    const activeS = ((doneAtMs[stage] ?? last.atMs) - firstAt) / 1000;
    return {
      events_per_s: round(
        Math.min(handled(stage), steady.inserted) / Math.max(steady.seconds, activeS),
      ),
      kept_up: doneAfter !== null && doneAfter <= KEPT_UP_WITHIN_S,
      done_after_s: doneAfter === null ? null : Math.max(0, doneAfter),
      handled: handled(stage),
      ...stageLatency(before, last, stage),
    };
  };
  return {
    name: `steady-${rate}`,
    kind: 'steady',
    asked_rate: rate,
    inserted: steady.inserted,
    inserted_per_s: round(steady.rate),
    seconds: Math.round(steady.seconds * 10) / 10,
    stages: { debezium: figures('debezium'), enrichment: figures('enrichment') },
    sinks: Object.fromEntries(SINKS.map((sink) => [sink, figures(sink)])) as Record<
      SinkName,
      SinkFigures
    >,
    ratio_to_debezium: {},
    processes,
    machine,
  };
}

/**
 * One INSERT … SELECT generate_series of `count` rows. Each stage's rate is `count` over the
 * time from the commit to its last event, so Debezium's is the ceiling the others read against.
 */
export async function burstRun(
  count: number,
  load: BenchLoad,
  counters: StageCounters,
  meter: UsageMeter,
  settings: RunSettings,
): Promise<RunFigures> {
  const before = await counters.read();
  meter.begin();
  const startedAtMs = Date.now();
  const committedAtMs = await load.insert(count);
  const { doneAtMs, last } = await awaitStages(counters, before, count, settings, meter);
  const machine = meter.machine();
  const processes = meter.end();
  const rateOf = (stage: StageName) => {
    const took = seconds(committedAtMs, doneAtMs[stage]);
    return took === null ? null : round(count / Math.max(took, 0.1));
  };
  const debezium = rateOf('debezium');
  const ratio = (stage: StageName) => {
    const rate = rateOf(stage);
    return rate === null || debezium === null ? null : Math.round((rate / debezium) * 100) / 100;
  };
  const figures = (stage: StageName): StageFigures => ({
    events_per_s: rateOf(stage),
    kept_up: ratio(stage) === null ? null : (ratio(stage) as number) >= 0.8,
    done_after_s: seconds(committedAtMs, doneAtMs[stage]),
    handled: last.counts[stage] - before.counts[stage],
    ...stageLatency(before, last, stage),
  });
  return {
    name: `burst-${count}`,
    kind: 'burst',
    asked_rate: null,
    inserted: count,
    inserted_per_s: null,
    seconds: Math.round((Date.now() - startedAtMs) / 100) / 10,
    stages: {
      debezium: { ...figures('debezium'), kept_up: null },
      enrichment: figures('enrichment'),
    },
    sinks: Object.fromEntries(SINKS.map((sink) => [sink, figures(sink)])) as Record<
      SinkName,
      SinkFigures
    >,
    ratio_to_debezium: Object.fromEntries(STAGES.map((stage) => [stage, ratio(stage)])),
    processes,
    machine,
  };
}
