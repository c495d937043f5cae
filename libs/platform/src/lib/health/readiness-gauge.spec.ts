import { MetricsRegistry } from '../metrics/metrics-registry';
import { ReadinessGauge } from './readiness-gauge';

describe('ReadinessGauge', () => {
  it('records 1 for an indicator up and 0 for one down, per indicator', async () => {
    const metrics = new MetricsRegistry();
    const gauge = new ReadinessGauge(metrics);
    gauge.record({ kafka: { status: 'up' }, redis: { status: 'down', message: 'timeout' } });
    gauge.record({ kafka: { status: 'up' } });
    const text = await metrics.registry.getSingleMetricAsString('cdc_readiness_status');
    expect(text.split('\n').filter((line) => !line.startsWith('#'))).toEqual([
      'cdc_readiness_status{indicator="kafka"} 1',
      'cdc_readiness_status{indicator="redis"} 0',
    ]);
  });
});
