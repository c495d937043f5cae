import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { composeFile } from './compose-file';
import {
  baseManifests,
  filesUnder,
  findManifest,
  parseYamlFile,
  readText,
  ROOT,
} from './workspace-files';

interface Kustomization {
  resources?: string[];
  patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string } }[];
  configMapGenerator?: { name: string; files: string[] }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

const OVERLAYS = ['deploy/k8s/overlays/dev', 'deploy/k8s/overlays/prod'];

describe('deployment files parse', () => {
  it('every YAML file under deploy/ and docker-compose.yml parses', () => {
    const files = [...filesUnder('deploy', /\.ya?ml$/), 'docker-compose.yml'];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(() => parseYamlFile(file)).not.toThrow();
    }
    expect(Object.keys(composeFile().services).length).toBeGreaterThanOrEqual(14);
  });

  it('compose interpolates only CDC_-prefixed variables, none of which the repository .env defines', () => {
    // Compose reads ./.env for interpolation; that file holds local-stack values for `nx serve`.
    const interpolated = [
      ...new Set(
        [...readText('docker-compose.yml').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map(
          (match) => match[1]!,
        ),
      ),
    ];
    const dotEnv = new Set(
      readText('.env')
        .split('\n')
        .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    expect(interpolated.filter((name) => !name.startsWith('CDC_') || dotEnv.has(name))).toEqual([]);
  });

  it('every Kubernetes object has apiVersion, kind and name', () => {
    for (const object of baseManifests()) {
      expect({
        file: object.file,
        apiVersion: typeof object.apiVersion,
        kind: typeof object.kind,
        name: typeof object.metadata?.name,
      }).toEqual({
        file: object.file,
        apiVersion: 'string',
        kind: 'string',
        name: 'string',
      });
    }
  });

  it('the Grafana dashboard is valid JSON with a Prometheus query in every panel', () => {
    const dashboard = JSON.parse(
      readText('deploy/k8s/base/monitoring/engagement-cdc-dashboard.json'),
    ) as { panels: { title: string; targets: { expr: string }[] }[] };
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of dashboard.panels) {
      expect(panel.targets.length).toBeGreaterThan(0);
    }
  });
});

describe('kustomize base and overlays', () => {
  const base = baseManifests();

  it('every file a kustomization names exists', () => {
    for (const dir of ['deploy/k8s/base', ...OVERLAYS]) {
      const kustomization = parseYamlFile(`${dir}/kustomization.yaml`)[0] as Kustomization;
      const files = [
        ...(kustomization.resources ?? []).map((resource) =>
          resource.endsWith('.yaml') ? resource : `${resource}/kustomization.yaml`,
        ),
        ...(kustomization.patches ?? []).flatMap((patch) => (patch.path ? [patch.path] : [])),
        ...(kustomization.configMapGenerator ?? []).flatMap((generator) => generator.files),
      ];
      for (const file of files) {
        expect(`${dir}/${file}: ${existsSync(join(ROOT, dir, file))}`).toBe(`${dir}/${file}: true`);
      }
    }
  });

  it('every overlay patch targets an object of the base', () => {
    for (const dir of OVERLAYS) {
      const kustomization = parseYamlFile(`${dir}/kustomization.yaml`)[0] as Kustomization;
      for (const patch of kustomization.patches ?? []) {
        if (patch.path) {
          for (const target of parseYamlFile(`${dir}/${patch.path}`) as {
            kind: string;
            metadata: { name: string };
          }[]) {
            expect(
              `${target.kind}/${target.metadata.name}: ${Boolean(findManifest(base, target.kind, target.metadata.name))}`,
            ).toBe(`${target.kind}/${target.metadata.name}: true`);
          }
        } else {
          const name = new RegExp(`^${patch.target?.name ?? '.*'}$`);
          const matched = base.filter(
            (object) => object.kind === patch.target?.kind && name.test(object.metadata.name),
          );
          expect(
            `${dir} ${patch.target?.kind}/${patch.target?.name ?? '*'}: ${matched.length > 0}`,
          ).toBe(`${dir} ${patch.target?.kind}/${patch.target?.name ?? '*'}: true`);
        }
      }
    }
  });

  it('every overlay sets the image of every image the base uses', () => {
    const used = new Set(
      base.flatMap((object) => {
        const spec = object.spec as
          { template?: { spec?: { containers?: { image: string }[] } } } | undefined;
        return (spec?.template?.spec?.containers ?? [])
          .map((container) => container.image)
          .filter((image) => image.startsWith('engagement-cdc/'));
      }),
    );
    expect([...used].sort()).toEqual(
      ['backfill', 'bigquery-sink', 'enrichment', 'redis-sink', 'tools', 'webhook-sink'].map(
        (name) => `engagement-cdc/${name}`,
      ),
    );
    for (const dir of OVERLAYS) {
      const images = (parseYamlFile(`${dir}/kustomization.yaml`)[0] as Kustomization).images ?? [];
      expect(images.map((image) => image.name).sort()).toEqual([...used].sort());
      for (const image of images) {
        expect(image.newTag).toMatch(/^[\w.-]+$/);
      }
    }
  });

  it('the publication SQL run in Kubernetes is the one run in compose', () => {
    const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
    expect(read('deploy/k8s/base/jobs/publication.sql')).toBe(
      read('deploy/compose/publication.sql'),
    );
  });
});
