/**
 * A timestamp as epoch microseconds, so that rows compare in time whatever their spelling
 * (`…Z`, `…+02:00`, 3 or 6 fraction digits): Date.parse keeps milliseconds, the fraction's
 * 4th-6th digits are added back. Exact to the microsecond up to about year 2255 (2^53 µs).
 */
export function epochMicros(timestamp: string): number {
  const millis = Date.parse(timestamp);
  if (Number.isNaN(millis)) {
    throw new Error(`event_ts ${timestamp} is not a valid timestamp`);
  }
  const fraction = /[T ]\d{2}:\d{2}:\d{2}\.(\d+)/.exec(timestamp)?.[1] ?? '';
  const extraMicros = Number(fraction.slice(3, 6).padEnd(3, '0'));
  return millis * 1_000 + extraMicros;
}

export interface TimeCluster<T> {
  items: T[];
  /** The earliest and latest timestamps of the items, as they were given. */
  min: string;
  max: string;
}

/**
 * Cuts items into clusters whose timestamps span at most `maxSpanMicros` each (max − min), in
 * time order, with as few clusters as possible (greedy from the earliest: optimal for covering
 * points with intervals of a fixed width). Items keep their relative order inside a cluster.
 * One MERGE per cluster then scans only the partitions of its own span: a 1970 row, a 2100 row
 * and live rows in one batch make three narrow MERGEs instead of one over 130 years.
 */
export function clusterByTime<T>(
  items: readonly T[],
  timestampOf: (item: T) => string,
  maxSpanMicros: number,
): TimeCluster<T>[] {
  const timed = items.map((item, index) => ({
    item,
    index,
    text: timestampOf(item),
    micros: epochMicros(timestampOf(item)),
  }));
  const byTime = [...timed].sort((a, b) => a.micros - b.micros || a.index - b.index);
  const clusters: (typeof timed)[] = [];
  for (const entry of byTime) {
    const current = clusters.at(-1);
    const first = current?.[0];
    if (current && first && entry.micros - first.micros <= maxSpanMicros) {
      current.push(entry);
    } else {
      clusters.push([entry]);
    }
  }
  return clusters.map((cluster) => {
    const min = cluster[0] as (typeof timed)[number];
    const max = cluster.at(-1) as (typeof timed)[number];
    return {
      items: [...cluster].sort((a, b) => a.index - b.index).map((entry) => entry.item),
      min: min.text,
      max: max.text,
    };
  });
}
