import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux we run on). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim()) || 4096;

/** A process of the benchmark (an app, a stack component), counted with its descendants. */
export interface WatchedProcess {
  name: string;
  /** The root pid now, or null when it is not running. */
  pid: () => number | null;
  /** Count the root alone, not its children (the driver, whose children are the apps). */
  alone?: boolean;
}

interface Snapshot {
  atMs: number;
  /** Per watched process: the CPU ticks of each pid of its tree. */
  ticks: Map<string, Map<number, number>>;
}

/** The whole machine's busy and total ticks (/proc/stat), every core together. */
interface MachineTicks {
  busy: number;
  total: number;
}

function machineTicks(): MachineTicks {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // idle and iowait are the fourth and fifth fields.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

export interface MachineUsage {
  /** Busy share of all cores over the interval, in % of one core (200 = both of two cores). */
  cpu_pct: number | null;
  /** The busiest one-second sample. */
  max_cpu_pct: number | null;
}

export interface ProcessUsage {
  name: string;
  /** Share of one core over the interval, in %. */
  cpu_pct: number | null;
  /** Largest resident set seen while sampling, in MiB. */
  max_rss_mib: number | null;
}

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
  rssPages: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      rssPages: Number(fields[21]),
    };
  } catch {
    return null;
  }
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => readStat(Number(entry)) ?? []);
}

/** The root and every live descendant (Postgres backends, a JVM's launcher child). */
function tree(root: number, stats: readonly ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) {
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  }
  const found: ProcStat[] = [];
  const queue = stats.filter((stat) => stat.pid === root);
  while (queue.length > 0) {
    const next = queue.shift() as ProcStat;
    found.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return found;
}

/**
 * CPU time and resident memory of the benchmark's processes, read from /proc: start() and
 * stop() bracket an interval, sample() (called every second or so) tracks the largest RSS.
 */
export class UsageMeter {
  private start: Snapshot | null = null;
  private readonly maxRss = new Map<string, number>();
  private machineStart: MachineTicks | null = null;
  private machineLast: MachineTicks | null = null;
  private machinePeak = 0;
  private readonly cores = Number(execFileSync('nproc').toString().trim()) || 1;

  constructor(private readonly processes: readonly WatchedProcess[]) {}

  begin(): void {
    this.maxRss.clear();
    this.start = this.snapshot();
    this.machineStart = machineTicks();
    this.machineLast = this.machineStart;
    this.machinePeak = 0;
  }

  sample(): void {
    this.snapshot();
    const now = machineTicks();
    if (this.machineLast) {
      this.machinePeak = Math.max(this.machinePeak, this.busyPct(this.machineLast, now));
    }
    this.machineLast = now;
  }

  /** The machine over the interval since begin(). */
  machine(): MachineUsage {
    if (!this.machineStart) {
      return { cpu_pct: null, max_cpu_pct: null };
    }
    return {
      cpu_pct: round1(this.busyPct(this.machineStart, machineTicks())),
      max_cpu_pct: round1(this.machinePeak),
    };
  }

  private busyPct(from: MachineTicks, to: MachineTicks): number {
    const total = to.total - from.total;
    return total > 0 ? ((to.busy - from.busy) / total) * 100 * this.cores : 0;
  }

  end(): ProcessUsage[] {
    const end = this.snapshot();
    const start = this.start;
    const seconds = start ? (end.atMs - start.atMs) / 1000 : 0;
    return this.processes.map(({ name }) => {
      const before = start?.ticks.get(name);
      const after = end.ticks.get(name);
      const cpu =
        before === undefined || after === undefined || seconds <= 0
          ? null
          : round1(((ticksBetween(before, after) / CLOCK_TICKS) * 100) / seconds);
      const rss = this.maxRss.get(name);
      return { name, cpu_pct: cpu, max_rss_mib: rss === undefined ? null : round1(rss) };
    });
  }

  private snapshot(): Snapshot {
    const stats = allStats();
    const ticks = new Map<string, Map<number, number>>();
    for (const { name, pid, alone } of this.processes) {
      const root = pid();
      if (root === null) {
        continue;
      }
      const members = alone ? stats.filter((stat) => stat.pid === root) : tree(root, stats);
      if (members.length === 0) {
        continue;
      }
      ticks.set(name, new Map(members.map((member) => [member.pid, member.ticks])));
      const rssMib =
        (members.reduce((sum, member) => sum + member.rssPages, 0) * PAGE_BYTES) / 1_048_576;
      this.maxRss.set(name, Math.max(this.maxRss.get(name) ?? 0, rssMib));
    }
    return { atMs: Date.now(), ticks };
  }
}

/**
 * CPU spent between two snapshots of a tree: a pid in both counts its increase, a pid born in
 * between all of its ticks; a pid that ended in between is lost (an undercount, never negative).
 */
function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, now] of after) {
    ticks += Math.max(0, now - (before.get(pid) ?? 0));
  }
  return ticks;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The pids of the local stack's components, from `stack.sh status`. */
export function stackPids(root: string): Map<string, number> {
  const output = execFileSync('bash', ['scripts/stack/stack.sh', 'status'], {
    cwd: root,
    env: process.env,
  }).toString();
  const pids = new Map<string, number>();
  for (const line of output.split('\n')) {
    const match = /^(\S+)\s+port=\S+\s+state=up\s+pid=(\d+)/.exec(line.trim());
    if (match) {
      pids.set(match[1] as string, Number(match[2]));
    }
  }
  return pids;
}
