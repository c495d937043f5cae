import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { queriedSeries, registeredMetrics } from '../deploy/registered-metrics';
import { type Manifest, parseYamlFile, readText, ROOT } from '../deploy/workspace-files';

const RULES = 'deploy/compose/alerts.rules.yml';
const PROMETHEUS_RULE = 'deploy/k8s/base/monitoring/engagement-cdc-alerts.yaml';
const TESTS = 'tools/workspace-checks/src/alerts/alerts.test.yml';

interface RuleGroups {
  groups: { name: string; rules: { alert: string; expr: string }[] }[];
}

interface RuleTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

/** promtool from the Debian package prometheus; `npm test` installs it (stack.sh install-test-tools). */
function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: string; stdout?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        'promtool is not installed: npm run stack -- install-test-tools (Debian package prometheus)',
      );
    }
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

describe('alerting rules', () => {
  const rules = parseYamlFile(RULES)[0] as RuleGroups;
  const alerts = rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert));
  const cases = (parseYamlFile(TESTS)[0] as RuleTests).tests.flatMap(
    (test) => test.alert_rule_test ?? [],
  );

  it('are valid rules (promtool check rules)', () => {
    expect(promtool('check', 'rules', RULES)).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('pass their unit tests on recorded series (promtool test rules)', () => {
    expect(promtool('test', 'rules', join(ROOT, TESTS))).toContain('SUCCESS');
  });

  it.each(alerts)('%s has a firing and a not-firing case', (alert) => {
    const own = cases.filter((test) => test.alertname === alert);
    expect(own.some((test) => test.exp_alerts.length > 0)).toBe(true);
    expect(own.some((test) => test.exp_alerts.length === 0)).toBe(true);
  });

  it('the Kubernetes PrometheusRule carries exactly the compose rules', () => {
    const [rule] = parseYamlFile(PROMETHEUS_RULE) as Manifest[];
    expect(rule?.kind).toBe('PrometheusRule');
    expect(rule?.spec).toEqual(rules);
    const kustomization = parseYamlFile('deploy/k8s/base/kustomization.yaml')[0] as {
      resources: string[];
    };
    expect(kustomization.resources).toContain('monitoring/engagement-cdc-alerts.yaml');
  });

  it('compose Prometheus loads them', () => {
    const config = parseYamlFile('deploy/compose/prometheus.yml')[0] as { rule_files: string[] };
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.rules.yml']);
    expect(readText('docker-compose.yml')).toContain(
      './deploy/compose/alerts.rules.yml:/etc/prometheus/alerts.rules.yml:ro',
    );
  });

  it('query only series the code registers, besides up and postgres_exporter', () => {
    const queried = queriedSeries(
      rules.groups.flatMap((g) => g.rules.map((r) => r.expr)).join('\n'),
    );
    const registered = registeredMetrics();
    expect([...queried].filter((name) => !registered.has(name)).sort()).toEqual([]);
    expect(queried.size).toBeGreaterThanOrEqual(6);
  });

  it('are each documented in docs/observe.md', () => {
    const observe = readText('docs/observe.md');
    expect(alerts.filter((alert) => !observe.includes(`\`${alert}\``))).toEqual([]);
  });
});
