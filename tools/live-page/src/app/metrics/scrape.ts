import { parsePrometheusText, type Sample } from './prometheus-text';

export type LabelFilter = Record<string, string>;

/** One read of an app's /metrics at a moment (ms since the epoch). */
export class Scrape {
  readonly samples: Sample[];

  constructor(
    readonly at: number,
    text: string,
  ) {
    this.samples = parsePrometheusText(text);
  }

  /** The samples of one metric whose labels include `filter`. */
  select(name: string, filter: LabelFilter = {}): Sample[] {
    const wanted = Object.entries(filter);
    return this.samples.filter(
      (sample) =>
        sample.name === name && wanted.every(([key, value]) => sample.labels[key] === value),
    );
  }

  has(name: string): boolean {
    return this.samples.some((sample) => sample.name === name);
  }

  /** The sum of the selected samples (a gauge, or a counter's total). */
  sum(name: string, filter: LabelFilter = {}): number {
    return this.select(name, filter).reduce((total, sample) => total + sample.value, 0);
  }
}

/** What changed between two scrapes of the same app. */
export class ScrapeDelta {
  /** Seconds between the two scrapes. */
  readonly seconds: number;

  constructor(
    readonly previous: Scrape,
    readonly current: Scrape,
  ) {
    this.seconds = Math.max((current.at - previous.at) / 1000, 0.001);
  }

  /**
   * How much the selected counters grew, series by series. A series missing before started at
   * 0 (prom-client creates a labelled series on its first increment); a series lower than
   * before was reset by a restart, so all of its current value is new (Prometheus' rule).
   */
  increase(name: string, filter: LabelFilter = {}): number {
    const before = new Map(
      this.previous.select(name, filter).map((sample) => [seriesKey(sample), sample.value]),
    );
    let total = 0;
    for (const sample of this.current.select(name, filter)) {
      const earlier = before.get(seriesKey(sample)) ?? 0;
      total += sample.value >= earlier ? sample.value - earlier : sample.value;
    }
    return total;
  }

  /** Per second between the scrapes. */
  rate(name: string, filter: LabelFilter = {}): number {
    return this.increase(name, filter) / this.seconds;
  }

  /** increase() grouped by the value of one label, e.g. outcome → events. */
  increaseBy(name: string, label: string, filter: LabelFilter = {}): Map<string, number> {
    const values = new Set(
      this.current.select(name, filter).map((sample) => sample.labels[label] ?? ''),
    );
    return new Map(
      [...values]
        .sort()
        .map((value) => [value, this.increase(name, { ...filter, [label]: value })]),
    );
  }
}

function seriesKey(sample: Sample): string {
  return Object.entries(sample.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(',');
}
