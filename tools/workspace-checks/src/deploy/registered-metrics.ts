import { filesUnder, readText } from './workspace-files';

/** Names of the metrics the code registers: the first argument of metrics.counter/gauge/histogram. */
export function registeredMetrics(): Set<string> {
  const names = new Set<string>();
  for (const file of [...filesUnder('libs', /\.ts$/), ...filesUnder('apps', /\.ts$/)]) {
    if (file.endsWith('.spec.ts')) {
      continue;
    }
    for (const match of readText(file).matchAll(
      /\.(?:counter|gauge|histogram)\(\s*'(cdc_[a-z0-9_]+)'/g,
    )) {
      names.add(match[1]!);
    }
  }
  return names;
}

/** The cdc_ series a query text names, histogram suffixes folded into the histogram's name. */
export function queriedSeries(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/\b(cdc_[a-z0-9_]+)/g)].map((match) =>
      match[1]!.replace(/_(bucket|sum|count)$/, ''),
    ),
  );
}
