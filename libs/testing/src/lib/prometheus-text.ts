/**
 * Reads one sample from Prometheus text exposition, e.g.
 * metricValue(text, 'cdc_records_consumed_total', { topic: 'x' }). Returns 0 when absent,
 * which is what a counter that never moved means.
 */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  const wanted = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) {
      continue;
    }
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) {
      continue;
    }
    const present = parseLabels(match[2] ?? '');
    if (wanted.every(([key, value]) => present[key] === value)) {
      return Number(match[3]);
    }
  }
  return 0;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1]!] = match[2]!;
  }
  return labels;
}
