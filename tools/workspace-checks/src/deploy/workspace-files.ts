import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '../../../..');

/** A Kubernetes object as far as the checks need it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  /** The file it came from, relative to the repository root. */
  file: string;
}

export function readText(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Every document of a YAML file; throws with the file and position on a syntax error. */
export function parseYamlFile(path: string): unknown[] {
  const documents = parseAllDocuments(readText(path), { prettyErrors: true });
  return documents.map((document) => {
    if (document.errors.length > 0) {
      throw new Error(`${path}: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    return document.toJS() as unknown;
  });
}

export function filesUnder(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute)) {
      const path = join(absolute, entry);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else if (pattern.test(entry)) {
        found.push(relative(ROOT, path));
      }
    }
  };
  if (existsSync(join(ROOT, dir))) {
    walk(join(ROOT, dir));
  }
  return found.sort();
}

/** The objects of the kustomize base (deploy/k8s/base), from every file its kustomization lists. */
export function baseManifests(): Manifest[] {
  const kustomization = parseYamlFile('deploy/k8s/base/kustomization.yaml')[0] as {
    resources: string[];
  };
  return kustomization.resources.flatMap((resource) => {
    const file = join('deploy/k8s/base', resource);
    return (parseYamlFile(file) as Omit<Manifest, 'file'>[])
      .filter(Boolean)
      .map((object) => ({ ...object, file }));
  });
}

export function findManifest(
  manifests: Manifest[],
  kind: string,
  name: string,
): Manifest | undefined {
  return manifests.find((object) => object.kind === kind && object.metadata.name === name);
}

/** Project names tagged type:app, from their project.json. */
export function appNames(): string[] {
  return readdirSync(join(ROOT, 'apps'))
    .filter((dir) => existsSync(join(ROOT, 'apps', dir, 'project.json')))
    .filter((dir) =>
      (JSON.parse(readText(`apps/${dir}/project.json`)) as { tags?: string[] }).tags?.includes(
        'type:app',
      ),
    )
    .sort();
}
