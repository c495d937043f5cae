import { histogramQuantile, latencySummary } from './histogram-quantile';
import { parsePrometheusText } from './prometheus-text';
import { Scrape, ScrapeDelta } from './scrape';

const before = `# HELP cdc_sink_events_total Records handled by a sink
# TYPE cdc_sink_events_total counter
cdc_sink_events_total{sink="redis",outcome="applied"} 100
cdc_sink_events_total{sink="redis",outcome="duplicate"} 4
cdc_records_consumed_total{topic="engagement.enriched.v1"} 90
cdc_records_consumed_total{topic="engagement.backfill.v1"} 10
cdc_commit_to_sink_latency_seconds_bucket{le="0.05",sink="redis"} 10
cdc_commit_to_sink_latency_seconds_bucket{le="0.1",sink="redis"} 20
cdc_commit_to_sink_latency_seconds_bucket{le="0.25",sink="redis"} 20
cdc_commit_to_sink_latency_seconds_bucket{le="+Inf",sink="redis"} 20
cdc_commit_to_sink_latency_seconds_count{sink="redis"} 20
`;

const after = `cdc_sink_events_total{sink="redis",outcome="applied"} 130
cdc_sink_events_total{sink="redis",outcome="duplicate"} 4
cdc_sink_events_total{sink="redis",outcome="expired"} 2
cdc_records_consumed_total{topic="engagement.enriched.v1"} 120
cdc_records_consumed_total{topic="engagement.backfill.v1"} 3
cdc_commit_to_sink_latency_seconds_bucket{le="0.05",sink="redis"} 15
cdc_commit_to_sink_latency_seconds_bucket{le="0.1",sink="redis"} 40
cdc_commit_to_sink_latency_seconds_bucket{le="0.25",sink="redis"} 50
cdc_commit_to_sink_latency_seconds_bucket{le="+Inf",sink="redis"} 50
cdc_commit_to_sink_latency_seconds_count{sink="redis"} 50
`;

describe('parsePrometheusText', () => {
  it('reads names, unescaped labels and special values, skipping comments', () => {
    expect(
      parsePrometheusText(
        '# TYPE x gauge\nx{a="q\\"uote",b="back\\\\slash"} +Inf\ny 1.5e3\nz{le="+Inf"} NaN 1700000000\n',
      ),
    ).toEqual([
      { name: 'x', labels: { a: 'q"uote', b: 'back\\slash' }, value: Number.POSITIVE_INFINITY },
      { name: 'y', labels: {}, value: 1500 },
      { name: 'z', labels: { le: '+Inf' }, value: Number.NaN },
    ]);
  });
});

describe('ScrapeDelta', () => {
  const delta = new ScrapeDelta(new Scrape(10_000, before), new Scrape(12_000, after));

  it('computes rates between two scrapes, a new series counting from 0', () => {
    expect(delta.seconds).toBe(2);
    expect(delta.rate('cdc_sink_events_total', { sink: 'redis' })).toBe(16);
    expect([...delta.increaseBy('cdc_sink_events_total', 'outcome')]).toEqual([
      ['applied', 30],
      ['duplicate', 0],
      ['expired', 2],
    ]);
  });

  it('treats a counter that went down as reset by a restart: its whole value is new', () => {
    // enriched grew by 30, backfill fell from 10 to 3: 3 since the restart.
    expect(delta.increase('cdc_records_consumed_total')).toBe(33);
  });

  it('answers 0 for a metric neither scrape has', () => {
    expect(delta.rate('cdc_records_produced_total')).toBe(0);
  });
});

describe('latencySummary past the last finite bucket', () => {
  it('flags a quantile whose rank lies in +Inf (events older than the top bucket)', () => {
    const old = new Scrape(0, 'x_bucket{le="60"} 0\nx_bucket{le="+Inf"} 0');
    const now = new Scrape(1_000, 'x_bucket{le="60"} 10\nx_bucket{le="+Inf"} 100');
    expect(latencySummary(new ScrapeDelta(old, now), 'x', {})).toEqual({
      count: 100,
      p50: { seconds: 60, above: true },
      p95: { seconds: 60, above: true },
    });
  });
});

describe('histogramQuantile', () => {
  it('interpolates inside the bucket holding the rank, like Prometheus', () => {
    const buckets = [
      { le: 0.05, count: 5 },
      { le: 0.1, count: 25 },
      { le: 0.25, count: 30 },
      { le: Number.POSITIVE_INFINITY, count: 30 },
    ];
    // rank 15 of 30: 10 into the 20 of (0.05, 0.1] → 0.075; rank 28.5: 3.5 of 5 into (0.1, 0.25].
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.075, 10);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.205, 10);
  });

  it('answers the highest finite bound for a rank in +Inf, and null without observations', () => {
    expect(
      histogramQuantile(0.95, [
        { le: 0.1, count: 1 },
        { le: Number.POSITIVE_INFINITY, count: 10 },
      ]),
    ).toBe(0.1);
    expect(histogramQuantile(0.5, [{ le: Number.POSITIVE_INFINITY, count: 0 }])).toBeNull();
    expect(histogramQuantile(0.5, [])).toBeNull();
  });

  it('summarises only the observations of the last interval', () => {
    const delta = new ScrapeDelta(new Scrape(0, before), new Scrape(1_000, after));
    // Increases: ≤0.05: 5, ≤0.1: 20, ≤0.25: 30, +Inf: 30. Rank 15: 10 of the 15 in (0.05, 0.1];
    // rank 28.5: 8.5 of the 10 in (0.1, 0.25].
    const summary = latencySummary(delta, 'cdc_commit_to_sink_latency_seconds', { sink: 'redis' });
    expect(summary.count).toBe(30);
    expect(summary.p50?.seconds).toBeCloseTo(0.05 + 0.05 * (10 / 15), 10);
    expect(summary.p95?.seconds).toBeCloseTo(0.1 + 0.15 * (8.5 / 10), 10);
    expect([summary.p50?.above, summary.p95?.above]).toEqual([false, false]);
    expect(
      latencySummary(delta, 'cdc_commit_to_sink_latency_seconds', { sink: 'webhook' }),
    ).toEqual({ count: 0, p50: null, p95: null });
  });
});
