/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Every sample of an exposition (text format 0.0.4, what prom-client serves), comments
 * skipped. Label values are unescaped; `+Inf`, `-Inf` and `NaN` are numbers. The page needs
 * whole histograms and every label set, so this reads everything rather than one name (the
 * tests' reader in libs/testing is for test code only).
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/.exec(line);
    if (match) {
      samples.push({
        name: match[1] as string,
        labels: parseLabels(match[2] ?? ''),
        value: parseValue(match[3] as string),
      });
    }
  }
  return samples;
}

function parseValue(text: string): number {
  switch (text) {
    case '+Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    default:
      return Number(text);
  }
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1] as string] = (match[2] as string).replace(/\\(["\\n])/g, (_, escaped) =>
      escaped === 'n' ? '\n' : escaped,
    );
  }
  return labels;
}
