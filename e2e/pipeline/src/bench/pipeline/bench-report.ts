import type { RunFigures, StageFigures } from './bench-runs';
import type { ProcessUsage } from './process-usage';
import { SINKS } from './stage-counters';

export interface BenchResult {
  generated_at: string;
  commit: string | null;
  machine: { cpus: number; cpu_model: string | null; memory_gib: number };
  settings: {
    rates: number[];
    seconds: number;
    burst: number;
    smoke: boolean;
    overrides: Record<string, Record<string, string>>;
  };
  /** The burst's rate onto the CDC topic: the ceiling every other stage reads against. */
  debezium_events_per_s: number | null;
  /** The five apps together with no traffic, in % of one core. */
  idle_cpu_pct: number | null;
  /** Every process of the stack (apps, receiver, broker, Connect, Postgres, Redis, emulator). */
  idle_stack_cpu_pct: number | null;
  idle_processes: ProcessUsage[];
  runs: RunFigures[];
}

const cell = (value: number | boolean | null | undefined, width: number) =>
  String(
    value === null || value === undefined
      ? '-'
      : value === true
        ? 'yes'
        : value === false
          ? 'NO'
          : value,
  ).padStart(width);

function stageLine(name: string, figures: StageFigures, ratio: number | null | undefined): string {
  return [
    `  ${name.padEnd(12)}`,
    cell(figures.events_per_s, 9),
    cell(figures.kept_up, 8),
    cell(figures.done_after_s, 8),
    cell(ratio, 7),
    cell(figures.p50_ms, 8),
    cell(figures.p95_ms, 8),
    cell(figures.p99_ms, 8),
  ].join('');
}

export function processTable(processes: readonly ProcessUsage[]): string[] {
  return [
    `  ${'process'.padEnd(18)}${'cpu %'.padStart(8)}${'max rss MiB'.padStart(13)}`,
    ...processes.map(
      (usage) =>
        `  ${usage.name.padEnd(18)}${cell(usage.cpu_pct, 8)}${cell(usage.max_rss_mib, 13)}`,
    ),
  ];
}

export function runTable(run: RunFigures): string {
  const heading =
    run.kind === 'steady'
      ? `${run.name}: asked ${run.asked_rate}/s, inserted ${run.inserted} events in ${run.seconds} s (${run.inserted_per_s}/s)`
      : `${run.name}: ${run.inserted} events in one INSERT … SELECT generate_series; rates are events over commit → last event`;
  return [
    heading,
    `  ${'stage'.padEnd(12)}${'events/s'.padStart(9)}${'kept up'.padStart(8)}${'done s'.padStart(8)}${'x dbz'.padStart(7)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}`,
    stageLine('debezium', run.stages.debezium, run.ratio_to_debezium.debezium),
    stageLine('enrichment', run.stages.enrichment, run.ratio_to_debezium.enrichment),
    ...SINKS.map((sink) => stageLine(sink, run.sinks[sink], run.ratio_to_debezium[sink])),
    ...processTable(run.processes),
    `  machine: ${run.machine.cpu_pct ?? '-'} % of one core on average, ${run.machine.max_cpu_pct ?? '-'} % in the busiest second`,
    '',
  ].join('\n');
}

export function summary(result: BenchResult): string {
  return [
    `Idle (no traffic): the five apps ${result.idle_cpu_pct ?? '-'} % of one core, the whole stack ${result.idle_stack_cpu_pct ?? '-'} %`,
    ...processTable(result.idle_processes),
    '',
    ...result.runs.map(runTable),
    `Debezium ceiling (burst onto the CDC topic): ${result.debezium_events_per_s ?? '-'} events/s`,
    "Latencies are commit (Debezium source.ts_ms) → sink write, from each sink's histogram",
    'cdc_commit_to_sink_latency_seconds (interpolated in its buckets); the debezium row is commit →',
    'enrichment received, the enrichment row commit → enriched record acknowledged',
    "(cdc_enrichment_commit_latency_seconds). 'done s': seconds from the",
    `last insert (steady) or the commit (burst) to the stage's last event; kept up = done within ${10} s`,
    '(steady) or ≥ 0.8 × Debezium (burst).',
  ].join('\n');
}
