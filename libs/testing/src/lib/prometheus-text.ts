/**
 * The one reader of Prometheus text exposition that tests use: metricSamples lists the
 * samples of a metric with their labels, metricValue sums those whose labels include the
 * ones asked (one series when they name it fully, a total over the others otherwise).
 */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** Every sample of one metric (exact name: a longer name sharing the prefix never matches). */
export function metricSamples(text: string, name: string): MetricSample[] {
  const found: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) {
      continue;
    }
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (match && match[1] === name) {
      found.push({ labels: parseLabels(match[2] ?? ''), value: Number(match[3]) });
    }
  }
  return found;
}

/**
 * The sum of the samples whose labels include `labels`, e.g.
 * metricValue(text, 'cdc_records_consumed_total', { topic: 'x' }) or, over every topic,
 * metricValue(text, 'cdc_records_consumed_total'). Returns 0 when none is there, which is
 * what a counter that never moved means.
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  const wanted = Object.entries(labels);
  return metricSamples(text, name)
    .filter((sample) => wanted.every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1]!] = match[2]!;
  }
  return labels;
}
