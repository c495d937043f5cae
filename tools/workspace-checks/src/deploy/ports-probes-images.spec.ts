import { LIVENESS_PATH, READINESS_PATH } from '@cdc/platform';

import { type AppConfiguration, appConfigurations, defaultOf } from './app-configurations';
import { composeFile } from './compose-file';
import { containerEnvironment, containerOf, deploymentOf, podSpecOf } from './k8s-app-objects';
import { appNames, baseManifests, type Manifest, readText } from './workspace-files';

const APPS = ['backfill', 'bigquery-sink', 'enrichment', 'redis-sink', 'webhook-sink'];
/** Consumers of the enriched and backfill topics; they scale with those topics' partitions. */
const SCALED_CONSUMERS = ['bigquery-sink', 'redis-sink', 'webhook-sink'];

describe('ports, probes and images agree across Dockerfile, compose and Kubernetes', () => {
  let configs: Map<string, AppConfiguration>;
  const base = baseManifests();
  const compose = composeFile();
  const dockerfile = readText('Dockerfile');

  beforeAll(() => {
    configs = appConfigurations(appNames());
  });

  const port = (app: string) => defaultOf(configs.get(app)!, 'HTTP_PORT') as number;

  it('each app has its own port', () => {
    expect(Object.fromEntries(APPS.map((app) => [app, port(app)]))).toEqual({
      backfill: 3005,
      'bigquery-sink': 3003,
      enrichment: 3001,
      'redis-sink': 3002,
      'webhook-sink': 3004,
    });
  });

  it.each(APPS)('%s: k8s probes hit the paths the app serves, on the port it listens on', (app) => {
    const deployment = deploymentOf(base, app);
    const container = containerOf(deployment);
    const { fromConfig } = containerEnvironment(base, container);
    expect(container.ports).toEqual([{ name: 'http', containerPort: port(app), protocol: 'TCP' }]);
    expect(fromConfig['HTTP_PORT'] ?? String(port(app))).toBe(String(port(app)));
    expect(container.livenessProbe?.httpGet).toEqual({ path: `/${LIVENESS_PATH}`, port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: `/${LIVENESS_PATH}`, port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: `/${READINESS_PATH}`, port: 'http' });
    const service = base.find(
      (object) => object.kind === 'Service' && object.metadata.name === app,
    )!;
    expect((service.spec as { ports: unknown[] }).ports).toEqual([
      { name: 'http', port: port(app), targetPort: 'http', protocol: 'TCP' },
    ]);
    expect(container.resources?.requests).toEqual(
      expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }),
    );
    expect(container.resources?.limits).toEqual(
      expect.objectContaining({ memory: expect.any(String) }),
    );
  });

  it.each(APPS)('%s: the pod is given longer to stop than the app allows itself', (app) => {
    const deployment = deploymentOf(base, app);
    const { fromConfig } = containerEnvironment(base, containerOf(deployment));
    const shutdownMs = Number(
      fromConfig['SHUTDOWN_TIMEOUT_MS'] ?? defaultOf(configs.get(app)!, 'SHUTDOWN_TIMEOUT_MS'),
    );
    expect(podSpecOf(deployment).terminationGracePeriodSeconds! * 1000).toBeGreaterThan(shutdownMs);
  });

  it.each(APPS)(
    '%s: compose builds the image with the app port, publishes it and checks readiness there',
    (app) => {
      const service = compose.services[app]!;
      expect(service.image).toBe(`engagement-cdc/${app}:\${CDC_IMAGE_TAG:-local}`);
      expect(service.build).toEqual({
        context: '.',
        dockerfile: 'Dockerfile',
        target: 'app',
        args: { APP: app, APP_PORT: String(port(app)) },
      });
      expect(service.environment?.['HTTP_PORT']).toBe(String(port(app)));
      expect(service.ports).toEqual([`${port(app)}:${port(app)}`]);
      expect(service.healthcheck?.test.join(' ')).toContain(
        `process.env.HTTP_PORT+'/${READINESS_PATH}'`,
      );
      expect(containerOf(deploymentOf(base, app)).image).toBe(`engagement-cdc/${app}`);
    },
  );

  it('the Dockerfile app target exposes APP_PORT, runs as non-root and checks liveness on HTTP_PORT', () => {
    const appStage = dockerfile.slice(
      dockerfile.indexOf('AS app\n'),
      dockerfile.indexOf('AS receiver-builder'),
    );
    expect(appStage).toContain('ARG APP_PORT');
    expect(appStage).toContain('HTTP_PORT=${APP_PORT}');
    expect(appStage).toContain('EXPOSE ${APP_PORT}');
    expect(appStage).toContain('USER node');
    expect(appStage).toContain(`process.env.HTTP_PORT+'/${LIVENESS_PATH}'`);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^FROM \$\{NODE_IMAGE\} AS deps$/m);
  });

  it('the webhook receiver runs where the webhook sink posts, in compose', () => {
    expect(compose.services['webhook-receiver']?.build?.target).toBe('webhook-receiver');
    expect(compose.services['webhook-receiver']?.environment?.['RECEIVER_PORT']).toBe('3090');
    expect(compose.services['webhook-sink']?.environment?.['WEBHOOK_URL']).toBe(
      'http://webhook-receiver:3090/webhooks/engagement',
    );
    expect(dockerfile).toContain('EXPOSE 3090');
  });

  it('scaled consumers have an HPA no wider than their topics, and every app a PodDisruptionBudget', () => {
    const topics = base.filter((object) => object.kind === 'KafkaTopic');
    const partitions = Math.min(
      ...['engagement.enriched.v1', 'engagement.backfill.v1'].map(
        (name) =>
          (topics.find((topic) => topic.metadata.name === name)?.spec as { partitions: number })
            .partitions,
      ),
    );
    const hpas = base.filter((object) => object.kind === 'HorizontalPodAutoscaler');
    expect(hpas.map((hpa) => hpa.metadata.name).sort()).toEqual(SCALED_CONSUMERS);
    for (const hpa of hpas) {
      const spec = hpa.spec as {
        maxReplicas: number;
        scaleTargetRef: { kind: string; name: string };
      };
      expect(spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: hpa.metadata.name,
      });
      expect(spec.maxReplicas).toBeLessThanOrEqual(partitions);
      expect(spec.maxReplicas).toBeLessThanOrEqual(
        defaultOf(configs.get(hpa.metadata.name)!, 'KAFKA_TOPIC_PARTITIONS') as number,
      );
    }
    const pdbs = base.filter((object: Manifest) => object.kind === 'PodDisruptionBudget');
    expect(pdbs.map((pdb) => pdb.metadata.name).sort()).toEqual(APPS);
  });

  it('Prometheus scrapes /metrics on the http port of the services', () => {
    const monitor = base.find((object) => object.kind === 'ServiceMonitor')!;
    const spec = monitor.spec as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string; path: string }[];
    };
    expect(spec.endpoints).toEqual([expect.objectContaining({ port: 'http', path: '/metrics' })]);
    for (const app of APPS) {
      const service = base.find(
        (object) => object.kind === 'Service' && object.metadata.name === app,
      )!;
      expect(service.metadata.labels).toEqual(expect.objectContaining(spec.selector.matchLabels));
    }
  });
});
