import { composeFile } from './compose-file';
import { baseManifests, readText } from './workspace-files';

interface ConnectorTemplate {
  name: string;
  config: Record<string, string>;
}

/** The connector is defined once (deploy/debezium/connector.template.json); its renderings must keep every setting. */
describe('Debezium connector renderings follow the template', () => {
  const template = JSON.parse(
    readText('deploy/debezium/connector.template.json'),
  ) as ConnectorTemplate;
  const placeholders = [
    ...new Set(
      [
        ...readText('deploy/debezium/connector.template.json').matchAll(
          /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
        ),
      ].map((match) => match[1]!),
    ),
  ].sort();

  it('the Strimzi KafkaConnector carries every template setting, and nothing left to substitute', () => {
    const connector = baseManifests().find((object) => object.kind === 'KafkaConnector')!;
    const spec = connector.spec as {
      class: string;
      tasksMax: number;
      config: Record<string, string>;
    };
    expect(spec.class).toBe(template.config['connector.class']);
    expect(String(spec.tasksMax)).toBe(template.config['tasks.max']);
    const { 'connector.class': _class, 'tasks.max': _tasks, ...rest } = template.config;
    expect(Object.keys(spec.config).sort()).toEqual(Object.keys(rest).sort());
    expect(JSON.stringify(spec.config)).not.toMatch(/\$\{(?!env:)/);
    expect(connector.metadata.labels?.['strimzi.io/cluster']).toBe(
      baseManifests().find((object) => object.kind === 'KafkaConnect')!.metadata.name,
    );
  });

  it('compose gives the registration job every template variable', () => {
    const environment = composeFile().services['connector-register']?.environment ?? {};
    expect(placeholders.filter((name) => !(name in environment))).toEqual([]);
  });

  it('Connect builds the Debezium plugin pinned at the version of the local stack', () => {
    const stackVersion = /STACK_DEBEZIUM_VERSION:-([^}]+)\}/.exec(
      readText('scripts/stack/stack.env'),
    )![1];
    const connect = baseManifests().find((object) => object.kind === 'KafkaConnect')!;
    const artifacts = (
      connect.spec as { build: { plugins: { artifacts: { url: string }[] }[] } }
    ).build.plugins.flatMap((plugin) => plugin.artifacts);
    expect(artifacts.map((artifact) => artifact.url)).toEqual([
      `https://repo1.maven.org/maven2/io/debezium/debezium-connector-postgres/${stackVersion}/debezium-connector-postgres-${stackVersion}-plugin.tar.gz`,
    ]);
    expect(composeFile().services['connect']?.image).toBe(
      `quay.io/debezium/connect:${stackVersion}`,
    );
  });
});
