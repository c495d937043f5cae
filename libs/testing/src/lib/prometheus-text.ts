/** The one reader of Prometheus text exposition that tests use. */
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

function matching(samples: MetricSample[], labels: Record<string, string>): MetricSample[] {
  const wanted = Object.entries(labels);
  return samples.filter((sample) => wanted.every(([key, value]) => sample.labels[key] === value));
}

/**
 * The first sample whose labels include `labels`, e.g.
 * metricValue(text, 'cdc_records_consumed_total', { topic: 'x' }). Returns 0 when absent,
 * which is what a counter that never moved means.
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  return matching(metricSamples(text, name), labels)[0]?.value ?? 0;
}

/** The sum of the samples whose labels include `labels` (e.g. over every partition). */
export function metricTotal(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  return matching(metricSamples(text, name), labels).reduce((sum, sample) => sum + sample.value, 0);
}

/** metricTotal over an app's /metrics, read now. */
export async function scrapeMetric(
  baseUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return metricTotal(text, name, labels);
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1]!] = match[2]!;
  }
  return labels;
}
