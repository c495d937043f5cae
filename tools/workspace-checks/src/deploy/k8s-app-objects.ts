import type { Manifest } from './workspace-files';

export interface Container {
  name: string;
  image: string;
  ports?: { name: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } };
  }[];
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface PodSpec {
  terminationGracePeriodSeconds?: number;
  containers: Container[];
}

export function deploymentOf(manifests: Manifest[], app: string): Manifest {
  const deployment = manifests.find(
    (object) => object.kind === 'Deployment' && object.metadata.name === app,
  );
  if (!deployment) {
    throw new Error(`no Deployment ${app} in deploy/k8s/base`);
  }
  return deployment;
}

export function podSpecOf(deployment: Manifest): PodSpec {
  return (deployment.spec as { template: { spec: PodSpec } }).template.spec;
}

export function containerOf(deployment: Manifest): Container {
  const container = podSpecOf(deployment).containers.find(
    (entry) => entry.name === deployment.metadata.name,
  );
  if (!container) {
    throw new Error(`Deployment ${deployment.metadata.name} has no container of its name`);
  }
  return container;
}

/**
 * The variables a container gets, by where each comes from: ConfigMaps named in envFrom
 * (looked up in the manifests), plain values, Secret references and field references.
 */
export function containerEnvironment(
  manifests: Manifest[],
  container: Container,
): {
  fromConfig: Record<string, string>;
  fromSecret: Record<string, string>;
  fromField: string[];
  plain: Record<string, string>;
} {
  const fromConfig: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) {
      throw new Error(
        `${container.name}: envFrom secretRef hides which variables it sets; use secretKeyRef per variable`,
      );
    }
    const name = source.configMapRef?.name ?? '';
    const configMap = manifests.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name === name,
    );
    if (!configMap) {
      throw new Error(`${container.name}: ConfigMap ${name} is not in the base`);
    }
    Object.assign(fromConfig, configMap.data ?? {});
  }
  const fromSecret: Record<string, string> = {};
  const fromField: string[] = [];
  const plain: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    if (entry.valueFrom?.secretKeyRef) {
      fromSecret[entry.name] =
        `${entry.valueFrom.secretKeyRef.name}/${entry.valueFrom.secretKeyRef.key}`;
    } else if (entry.valueFrom?.fieldRef) {
      fromField.push(entry.name);
    } else {
      plain[entry.name] = entry.value ?? '';
    }
  }
  return { fromConfig, fromSecret, fromField, plain };
}
