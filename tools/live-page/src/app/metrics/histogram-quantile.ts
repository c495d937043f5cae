import type { LabelFilter, ScrapeDelta } from './scrape';

/** A cumulative bucket: observations at or below `le` seconds. */
export interface Bucket {
  le: number;
  count: number;
}

/** A quantile in seconds; `above` when its rank is past the highest finite bucket (Prometheus then answers that bound). */
export interface Quantile {
  seconds: number;
  above: boolean;
}

export interface LatencySummary {
  /** Observations between the two scrapes. */
  count: number;
  /** null without observations. */
  p50: Quantile | null;
  p95: Quantile | null;
}

/**
 * The buckets of a histogram's observations between two scrapes: each `<name>_bucket`
 * series' increase, summed per `le` over the series matching `filter` (e.g. sink="redis").
 */
export function bucketIncrease(delta: ScrapeDelta, name: string, filter: LabelFilter): Bucket[] {
  const bounds = new Set(
    delta.current.select(`${name}_bucket`, filter).map((sample) => sample.labels['le'] ?? ''),
  );
  return [...bounds]
    .map((le) => ({
      le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le),
      count: delta.increase(`${name}_bucket`, { ...filter, le }),
    }))
    .filter((bucket) => !Number.isNaN(bucket.le))
    .sort((a, b) => a.le - b.le);
}

/**
 * Prometheus' histogram_quantile over cumulative buckets: find the bucket holding the rank
 * q·total and interpolate linearly inside it (from 0 for the first bucket). A rank in the +Inf
 * bucket answers the highest finite bound, as Prometheus does. null without observations.
 */
export function histogramQuantile(q: number, buckets: readonly Bucket[]): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (buckets.length === 0 || total <= 0) {
    return null;
  }
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) {
        return lowerBound;
      }
      const inBucket = bucket.count - lowerCount;
      return inBucket === 0
        ? bucket.le
        : lowerBound + ((bucket.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}

function quantile(q: number, buckets: readonly Bucket[]): Quantile | null {
  const seconds = histogramQuantile(q, buckets);
  if (seconds === null) {
    return null;
  }
  const finite = buckets.filter((bucket) => bucket.le !== Number.POSITIVE_INFINITY).at(-1);
  const total = buckets.at(-1)?.count ?? 0;
  return { seconds, above: finite !== undefined && finite.count < q * total };
}

/** p50 and p95 of a latency histogram over the last interval. */
export function latencySummary(
  delta: ScrapeDelta,
  name: string,
  filter: LabelFilter,
): LatencySummary {
  const buckets = bucketIncrease(delta, name, filter);
  return {
    count: buckets.at(-1)?.count ?? 0,
    p50: quantile(0.5, buckets),
    p95: quantile(0.95, buckets),
  };
}
