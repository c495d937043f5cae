import { metricSamples, metricValue } from './prometheus-text';

const text = [
  '# HELP cdc_records_consumed_total Records consumed',
  '# TYPE cdc_records_consumed_total counter',
  'cdc_records_consumed_total{topic="engagement.enriched.v1"} 90',
  'cdc_records_consumed_total{topic="engagement.backfill.v1"} 7',
  'cdc_records_consumed_total_extra{topic="engagement.enriched.v1"} 5',
  'cdc_enrichment_content_cache_size 12',
  'cdc_webhook_requests_total{status="503",note="a \\"quoted\\" value"} 3',
  'cdc_consumer_lag{group="g",topic="t",partition="0"} 4',
  'cdc_consumer_lag{group="g",topic="t",partition="1"} 0.5',
  'cdc_consumer_lag{group="other",topic="t",partition="0"} 100',
].join('\n');

describe('metricValue', () => {
  it('reads the series whose labels are named in full', () => {
    expect(
      metricValue(text, 'cdc_records_consumed_total', { topic: 'engagement.backfill.v1' }),
    ).toBe(7);
    expect(metricValue(text, 'cdc_enrichment_content_cache_size')).toBe(12);
    expect(metricValue(text, 'cdc_consumer_lag', { group: 'g', topic: 't', partition: '1' })).toBe(
      0.5,
    );
  });

  it('sums the samples whose labels include the ones asked', () => {
    expect(metricValue(text, 'cdc_records_consumed_total')).toBe(97);
    expect(metricValue(text, 'cdc_consumer_lag', { group: 'g' })).toBe(4.5);
    expect(metricValue(text, 'cdc_consumer_lag', { topic: 't' })).toBe(104.5);
    expect(metricValue(text, 'cdc_webhook_requests_total', { status: '503' })).toBe(3);
  });

  it('never confuses a longer metric name for the one asked', () => {
    expect(
      metricValue(text, 'cdc_records_consumed_total', { topic: 'engagement.enriched.v1' }),
    ).toBe(90);
  });

  it('answers 0 for a series that never moved', () => {
    expect(metricValue(text, 'cdc_records_consumed_total', { topic: 'other' })).toBe(0);
    expect(metricValue(text, 'cdc_missing_total')).toBe(0);
    expect(metricValue('', 'cdc_records_consumed_total')).toBe(0);
  });
});

describe('metricSamples', () => {
  it('lists every sample of the exact name with its labels, in order', () => {
    expect(metricSamples(text, 'cdc_records_consumed_total')).toEqual([
      { labels: { topic: 'engagement.enriched.v1' }, value: 90 },
      { labels: { topic: 'engagement.backfill.v1' }, value: 7 },
    ]);
    expect(metricSamples(text, 'cdc_webhook_requests_total')).toEqual([
      { labels: { status: '503', note: 'a \\"quoted\\" value' }, value: 3 },
    ]);
    expect(metricSamples(text, 'cdc_enrichment_content_cache_size')).toEqual([
      { labels: {}, value: 12 },
    ]);
  });

  it('skips comments and other metrics', () => {
    expect(metricSamples(text, 'cdc_missing_total')).toEqual([]);
    expect(metricSamples('# TYPE cdc_x counter\n', 'cdc_x')).toEqual([]);
  });
});
