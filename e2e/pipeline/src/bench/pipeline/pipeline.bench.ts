/**
 * The pipeline benchmark (npm run bench, docs/benchmark.md): the five built apps and the
 * reference receiver on the local stack, steady rates and a burst, figures per stage and per
 * process, printed and written as JSON. It never fails on a figure; it fails only when a stage
 * loses events (a run that does not finish every event is reported, and --smoke exits 1).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { KafkaFixture } from '@cdc/testing';

import { benchApps, startBenchApps, stopBenchApps } from './bench-apps';
import { BenchLoad } from './bench-load';
import { type BenchResult, summary } from './bench-report';
import { burstRun, type RunFigures, type RunSettings, stageFigures, steadyRun } from './bench-runs';
import { stackPids, UsageMeter, type WatchedProcess } from './process-usage';
import { StageCounters, STAGES } from './stage-counters';

const ROOT = resolve(__dirname, '../../../../..');

function options() {
  const { values } = parseArgs({
    options: {
      json: { type: 'string', default: 'tmp/bench/result.json' },
      rates: { type: 'string', default: '200,500,1000,2000,3000,5000' },
      seconds: { type: 'string', default: '30' },
      burst: { type: 'string', default: '100000' },
      'idle-seconds': { type: 'string', default: '20' },
      smoke: { type: 'boolean', default: false },
      profile: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
    },
  });
  const smoke = values.smoke ?? false;
  return {
    json: resolve(ROOT, values.json as string),
    rates: (smoke ? '200' : (values.rates as string))
      .split(',')
      .filter((rate) => rate.trim() !== '')
      .map(Number),
    seconds: smoke ? 5 : Number(values.seconds),
    burst: smoke ? 2_000 : Number(values.burst),
    idleSeconds: smoke ? 5 : Number(values['idle-seconds']),
    smoke,
    /** A directory for V8 CPU profiles of every app (written when the apps stop). */
    profile: values.profile === undefined ? null : resolve(ROOT, values.profile),
    env: appVariables(values.set ?? []),
  };
}

/** --set bigquery-sink:BIGQUERY_BATCH_MAX_ROWS=10000 → { 'bigquery-sink': { ... } }. */
function appVariables(settings: readonly string[]): Record<string, Record<string, string>> {
  const env: Record<string, Record<string, string>> = {};
  for (const setting of settings) {
    const match = /^([a-z-]+):([A-Z0-9_]+)=(.*)$/.exec(setting);
    if (!match) {
      throw new Error(`--set ${setting}: expected <app>:<VARIABLE>=<value>`);
    }
    const [, app, name, value] = match as unknown as [string, string, string, string];
    env[app] = { ...env[app], [name]: value };
  }
  return env;
}

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const opts = options();
  const apps = benchApps({ profileDir: opts.profile, env: opts.env });
  const load = new BenchLoad();
  const kafka = new KafkaFixture();
  const settings: RunSettings = { drainTimeoutS: opts.smoke ? 120 : 300, pollMs: 500 };
  try {
    say('Starting the five apps and the reference receiver (own groups, placed at the end)');
    await startBenchApps(apps);
    const stack = stackPids(ROOT);
    const appProcesses: WatchedProcess[] = apps.all.map((app) => ({
      name: app.appName,
      pid: () => app.app.pid,
    }));
    const processes: WatchedProcess[] = [
      ...appProcesses,
      { name: 'webhook-receiver', pid: () => apps.receiver.pid },
      ...[...stack.keys()].map((name) => ({ name, pid: () => stack.get(name) ?? null })),
      { name: 'bench-driver', pid: () => process.pid, alone: true },
    ];
    const meter = new UsageMeter(processes);
    const counters = new StageCounters(apps, kafka.admin);
    await load.createContents(50);

    say('Warm-up: 500 events through every stage');
    const warmUp = await burstRun(500, load, counters, meter, settings);
    assertComplete(warmUp, true);

    say(`Idle: ${opts.idleSeconds} s without traffic`);
    await sleep(3_000);
    meter.begin();
    for (let second = 0; second < opts.idleSeconds; second += 1) {
      await sleep(1_000);
      meter.sample();
    }
    const idle = meter.end();
    const sum = (names: readonly string[]) =>
      Math.round(
        idle
          .filter((usage) => names.includes(usage.name))
          .reduce((total, usage) => total + (usage.cpu_pct ?? 0), 0) * 10,
      ) / 10;

    const runs: RunFigures[] = [];
    for (const rate of opts.rates) {
      say(`Steady ${rate} events/s for ${opts.seconds} s`);
      const run = await steadyRun(rate, opts.seconds, load, counters, meter, settings);
      runs.push(run);
      process.stdout.write(`${summaryOf(run)}\n`);
      assertComplete(run, opts.smoke);
    }
    say(`Burst: ${opts.burst} events in one statement`);
    const burst = await burstRun(opts.burst, load, counters, meter, settings);
    runs.push(burst);
    assertComplete(burst, opts.smoke);

    const memory = totalmem() / 1024 ** 3;
    const result: BenchResult = {
      generated_at: new Date().toISOString(),
      commit: gitCommit(),
      machine: {
        cpus: cpus().length,
        cpu_model: cpus()[0]?.model ?? null,
        memory_gib: Math.round(memory * 10) / 10,
      },
      settings: {
        rates: opts.rates,
        seconds: opts.seconds,
        burst: opts.burst,
        smoke: opts.smoke,
        overrides: opts.env,
      },
      debezium_events_per_s: burst.stages.debezium.events_per_s,
      idle_cpu_pct: sum(appProcesses.map((entry) => entry.name)),
      idle_stack_cpu_pct: sum(
        processes.filter((entry) => entry.name !== 'bench-driver').map((entry) => entry.name),
      ),
      idle_processes: idle,
      runs,
    };
    mkdirSync(dirname(opts.json), { recursive: true });
    writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\n${summary(result)}\n`);
    say(`JSON: ${opts.json}`);
    const receiver = await apps.receiver.stats();
    if (receiver.unauthorized > 0) {
      throw new Error(`the receiver refused ${receiver.unauthorized} deliveries as unsigned`);
    }
  } finally {
    await stopBenchApps(apps);
    await kafka.close();
    await load.close();
  }
}

function summaryOf(run: RunFigures): string {
  return STAGES.map((stage) => {
    const figures = stageFigures(run, stage);
    return `  ${stage}: ${figures.events_per_s ?? '-'}/s${figures.kept_up === false ? ' (behind)' : ''}`;
  }).join('\n');
}

/**
 * Every stage must handle every event of a run: losing events is not a figure. A stage still
 * behind at the drain timeout is reported (and ends a smoke run), not counted as lost.
 */
function assertComplete(run: RunFigures, strict: boolean): void {
  for (const stage of STAGES) {
    const figures = stageFigures(run, stage);
    if (figures.handled < run.inserted) {
      const message = `${run.name}: ${stage} handled ${figures.handled} of ${run.inserted} events before the drain timeout`;
      if (strict) {
        throw new Error(message);
      }
      say(`WARNING ${message}; later runs start with its backlog`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
