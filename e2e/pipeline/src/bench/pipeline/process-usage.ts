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
  ticks: Map<string, number>;
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

  constructor(private readonly processes: readonly WatchedProcess[]) {}

  begin(): void {
    this.maxRss.clear();
    this.start = this.snapshot();
  }

  sample(): void {
    this.snapshot();
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
          : round1((((after - before) / CLOCK_TICKS) * 100) / seconds);
      const rss = this.maxRss.get(name);
      return { name, cpu_pct: cpu, max_rss_mib: rss === undefined ? null : round1(rss) };
    });
  }

  private snapshot(): Snapshot {
    const stats = allStats();
    const ticks = new Map<string, number>();
    for (const { name, pid, alone } of this.processes) {
      const root = pid();
      if (root === null) {
        continue;
      }
      const members = alone ? stats.filter((stat) => stat.pid === root) : tree(root, stats);
      if (members.length === 0) {
        continue;
      }
      ticks.set(
        name,
        members.reduce((sum, member) => sum + member.ticks, 0),
      );
      const rssMib =
        (members.reduce((sum, member) => sum + member.rssPages, 0) * PAGE_BYTES) / 1_048_576;
      this.maxRss.set(name, Math.max(this.maxRss.get(name) ?? 0, rssMib));
    }
    return { atMs: Date.now(), ticks };
  }
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
