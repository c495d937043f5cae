import { metricSamples } from '@cdc/testing';

/** Cumulative bucket counts of one histogram series: upper bound (seconds) → count. */
export type Buckets = Map<number, number>;

export const COMMIT_TO_SINK = 'cdc_commit_to_sink_latency_seconds';

export const ENRICHMENT_COMMIT_LATENCY = 'cdc_enrichment_commit_latency_seconds';

/** The buckets of one series of a histogram, e.g. cdc_commit_to_sink_latency_seconds{sink="redis"}. */
export function latencyBuckets(
  metrics: string,
  name: string,
  labels: Record<string, string>,
): Buckets {
  const buckets: Buckets = new Map();
  const wanted = Object.entries(labels);
  for (const sample of metricSamples(metrics, `${name}_bucket`)) {
    if (wanted.every(([key, value]) => sample.labels[key] === value)) {
      const le = sample.labels['le'] === '+Inf' ? Infinity : Number(sample.labels['le']);
      buckets.set(le, sample.value);
    }
  }
  return buckets;
}

/** What was observed between two readings of the same series. */
export function bucketsBetween(before: Buckets, after: Buckets): Buckets {
  const delta: Buckets = new Map();
  for (const [le, count] of after) {
    delta.set(le, count - (before.get(le) ?? 0));
  }
  return delta;
}

/**
 * A quantile in milliseconds, estimated as Prometheus' histogram_quantile does: linear
 * interpolation inside the bucket holding the rank. Null without observations; a rank in
 * the +Inf bucket answers the largest finite bound (a lower bound of the truth).
 */
export function quantileMs(buckets: Buckets, q: number): number | null {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Infinity) ?? 0;
  if (total <= 0) {
    return null;
  }
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bound of bounds) {
    const count = buckets.get(bound) ?? 0;
    if (count >= rank) {
      if (bound === Infinity) {
        return Math.round(lowerBound * 1000);
      }
      const inBucket = count - lowerCount;
      const share = inBucket > 0 ? (rank - lowerCount) / inBucket : 1;
      return Math.round((lowerBound + (bound - lowerBound) * share) * 1000);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return null;
}

export function observations(buckets: Buckets): number {
  return buckets.get(Infinity) ?? 0;
}
