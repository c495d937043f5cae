import { metricSamples, metricTotal, metricValue } from './prometheus-text';

const text = [
  '# HELP cdc_records_consumed_total Records consumed',
  '# TYPE cdc_records_consumed_total counter',
  'cdc_records_consumed_total{topic="engagement.enriched.v1"} 90',
  'cdc_records_consumed_total{topic="engagement.backfill.v1"} 7',
  'cdc_records_consumed_total_extra{topic="engagement.enriched.v1"} 5',
  'cdc_enrichment_content_cache_size 12',
  'cdc_webhook_requests_total{status="503",note="a \\"quoted\\" value"} 3',
].join('\n');

describe('metricValue', () => {
  it('reads the sample whose labels match', () => {
    expect(
      metricValue(text, 'cdc_records_consumed_total', { topic: 'engagement.backfill.v1' }),
    ).toBe(7);
    expect(metricValue(text, 'cdc_enrichment_content_cache_size')).toBe(12);
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
  });
});

describe('metricSamples and metricTotal', () => {
  it('lists every sample of the exact name with its labels', () => {
    expect(metricSamples(text, 'cdc_records_consumed_total')).toEqual([
      { labels: { topic: 'engagement.enriched.v1' }, value: 90 },
      { labels: { topic: 'engagement.backfill.v1' }, value: 7 },
    ]);
    expect(metricSamples(text, 'cdc_webhook_requests_total')).toEqual([
      { labels: { status: '503', note: 'a \\"quoted\\" value' }, value: 3 },
    ]);
  });

  it('sums the samples whose labels include the ones asked', () => {
    expect(metricTotal(text, 'cdc_records_consumed_total')).toBe(97);
    expect(
      metricTotal(text, 'cdc_records_consumed_total', { topic: 'engagement.backfill.v1' }),
    ).toBe(7);
    expect(metricTotal(text, 'cdc_missing_total')).toBe(0);
  });
});
