import { type AppConfiguration, appConfigurations, defaultOf } from './app-configurations';
import { composeFile } from './compose-file';
import { queriedSeries, registeredMetrics } from './registered-metrics';
import { appNames, parseYamlFile, readText } from './workspace-files';

const DASHBOARD = 'deploy/k8s/base/monitoring/engagement-cdc-dashboard.json';

describe('observability wiring', () => {
  let configs: Map<string, AppConfiguration>;

  beforeAll(() => {
    configs = appConfigurations(appNames());
  });

  it('every series the dashboard queries is registered by the code', () => {
    const queried = queriedSeries(readText(DASHBOARD));
    const registered = registeredMetrics();
    expect(queried.size).toBeGreaterThanOrEqual(10);
    expect([...queried].filter((name) => !registered.has(name)).sort()).toEqual([]);
  });

  it('the issue-named series are all on the dashboard', () => {
    const dashboard = readText(DASHBOARD);
    for (const name of [
      'cdc_records_consumed_total',
      'cdc_records_produced_total',
      'cdc_records_dead_lettered_total',
      'cdc_batch_failures_total',
      'cdc_consumer_lag',
      'cdc_consumer_committed_lag',
      'cdc_batch_size',
      'cdc_batch_processing_seconds',
      'cdc_commit_to_sink_latency_seconds_bucket',
      'cdc_sink_events_total',
      'cdc_webhook_breaker_state',
      'cdc_webhook_retries_total',
    ]) {
      expect(`${name}: ${dashboard.includes(name)}`).toBe(`${name}: true`);
    }
  });

  it('sink panels read the one outcome counter and the one latency histogram, per sink', () => {
    const dashboard = JSON.parse(readText(DASHBOARD)) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr));
    expect(
      queries.some((query) => query.includes('sum by (sink, outcome) (rate(cdc_sink_events_total')),
    ).toBe(true);
    for (const quantile of ['0.5', '0.95', '0.99']) {
      expect(
        `p${quantile}: ${queries.some((query) =>
          query.startsWith(
            `histogram_quantile(${quantile}, sum by (le, sink) (rate(cdc_commit_to_sink_latency_seconds_bucket`,
          ),
        )}`,
      ).toBe(`p${quantile}: true`);
    }
    // One metric per fact: the per-sink series these replaced must not come back.
    const retired = [
      'cdc_redis_sink_events_total',
      'cdc_bigquery_sink_rows_total',
      'cdc_webhook_events_total',
      'cdc_webhook_commit_to_delivery_seconds',
    ];
    expect(retired.filter((name) => queries.some((query) => query.includes(name)))).toEqual([]);
  });

  it('compose Prometheus scrapes /metrics of each app, on its port, under the app name as job', () => {
    const config = parseYamlFile('deploy/compose/prometheus.yml')[0] as {
      scrape_configs: {
        job_name: string;
        metrics_path: string;
        static_configs: { targets: string[] }[];
      }[];
    };
    const apps = appNames();
    expect(config.scrape_configs.map((job) => job.job_name).sort()).toEqual(apps);
    for (const job of config.scrape_configs) {
      expect(job.metrics_path).toBe('/metrics');
      expect(job.static_configs).toEqual([
        {
          targets: [
            `${job.job_name}:${String(defaultOf(configs.get(job.job_name)!, 'HTTP_PORT'))}`,
          ],
        },
      ]);
    }
  });

  it('compose Grafana provisions the Kubernetes dashboard file', () => {
    const volumes = (composeFile().services['grafana'] as { volumes?: string[] }).volumes ?? [];
    expect(volumes).toContain(
      `./${DASHBOARD}:/var/lib/grafana/dashboards/engagement-cdc-dashboard.json:ro`,
    );
  });
});
