import { SECRET_VARIABLE_NAMES } from '@cdc/platform';

import { type AppConfiguration, appConfigurations } from './app-configurations';
import { composeFile, interpolateDefaults } from './compose-file';
import { containerEnvironment, containerOf, deploymentOf } from './k8s-app-objects';
import { appNames, baseManifests, parseYamlFile } from './workspace-files';

/**
 * Each app's configuration as deployed, against the variables the app declares: every
 * required one is set, nothing unknown is set, and secrets come only from Secrets (k8s) or
 * from the operator's shell (compose), never from a ConfigMap.
 */
describe('deployed configuration matches each app config class', () => {
  const apps = appNames();
  let configs: Map<string, AppConfiguration>;
  const base = baseManifests();
  const compose = composeFile();

  beforeAll(() => {
    configs = appConfigurations(apps);
  });

  const declared = (app: string) =>
    new Set(configs.get(app)!.variables.map((variable) => variable.name));
  const required = (app: string) =>
    configs
      .get(app)!
      .variables.filter((variable) => variable.required)
      .map((variable) => variable.name);
  const secrets = (app: string) =>
    new Set(
      configs
        .get(app)!
        .variables.filter((variable) => variable.secret)
        .map((variable) => variable.name),
    );

  it('finds the five apps and a description of each', () => {
    expect(apps).toEqual(['backfill', 'bigquery-sink', 'enrichment', 'redis-sink', 'webhook-sink']);
    expect(required('enrichment')).toEqual([
      'KAFKA_BROKERS',
      'PG_DATABASE',
      'PG_HOST',
      'PG_PASSWORD',
      'PG_USER',
    ]);
    expect(required('bigquery-sink')).toEqual(['BIGQUERY_PROJECT_ID', 'KAFKA_BROKERS']);
  });

  it.each(['backfill', 'bigquery-sink', 'enrichment', 'redis-sink', 'webhook-sink'])(
    'compose: %s gets every required variable and no unknown one',
    (app) => {
      const environment = compose.services[app]?.environment ?? {};
      const set = Object.keys(environment).sort();
      expect(set.filter((name) => !declared(app).has(name))).toEqual([]);
      expect(
        required(app).filter(
          (name) => !(name in environment) || interpolateDefaults(environment[name]!) === '',
        ),
      ).toEqual([]);
    },
  );

  it.each(['backfill', 'bigquery-sink', 'enrichment', 'redis-sink', 'webhook-sink'])(
    'compose: secrets of %s come from the shell (${CDC_...}), with development defaults only',
    (app) => {
      const environment = compose.services[app]?.environment ?? {};
      for (const name of Object.keys(environment).filter((variable) =>
        secrets(app).has(variable),
      )) {
        expect(`${name}=${environment[name]}`).toMatch(
          new RegExp(`^${name}=\\$\\{CDC_[A-Z_]+:-[^}]+\\}$`),
        );
      }
    },
  );

  it.each(['backfill', 'bigquery-sink', 'enrichment', 'redis-sink', 'webhook-sink'])(
    'k8s: %s gets every required variable, no unknown one, secrets only by secretKeyRef',
    (app) => {
      const { fromConfig, fromSecret, fromField, plain } = containerEnvironment(
        base,
        containerOf(deploymentOf(base, app)),
      );
      const provided = [
        ...Object.keys(fromConfig),
        ...Object.keys(fromSecret),
        ...fromField,
        ...Object.keys(plain),
      ];
      expect(provided.filter((name) => !declared(app).has(name)).sort()).toEqual([]);
      expect(required(app).filter((name) => !provided.includes(name))).toEqual([]);
      expect(
        [...Object.keys(fromConfig), ...Object.keys(plain)].filter((name) =>
          secrets(app).has(name),
        ),
      ).toEqual([]);
      expect(Object.keys(fromSecret).filter((name) => !secrets(app).has(name))).toEqual([]);
    },
  );

  it('overlay ConfigMap patches set only variables the apps that read them declare', () => {
    const readers: Record<string, string[]> = {
      'engagement-cdc-common': apps,
      ...Object.fromEntries(apps.map((app) => [`${app}-config`, [app]])),
    };
    for (const overlay of ['dev', 'prod']) {
      const kustomization = parseYamlFile(
        `deploy/k8s/overlays/${overlay}/kustomization.yaml`,
      )[0] as { patches?: { path?: string }[] };
      for (const patch of kustomization.patches ?? []) {
        if (!patch.path) {
          continue;
        }
        for (const object of parseYamlFile(`deploy/k8s/overlays/${overlay}/${patch.path}`) as {
          kind: string;
          metadata: { name: string };
          data?: Record<string, string>;
        }[]) {
          if (object.kind !== 'ConfigMap') {
            continue;
          }
          for (const app of readers[object.metadata.name] ?? []) {
            expect(
              Object.keys(object.data ?? {}).filter((name) => !declared(app).has(name)),
            ).toEqual([]);
          }
        }
      }
    }
  });

  it('every secret variable of every app is redacted from logs', () => {
    const all = new Set(apps.flatMap((app) => [...secrets(app)]));
    expect([...all].filter((name) => !SECRET_VARIABLE_NAMES.includes(name)).sort()).toEqual([]);
  });
});
