import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { EnvironmentVariableDescription } from '@cdc/platform';

import { ROOT } from './workspace-files';

export interface AppConfiguration {
  service: string;
  variables: EnvironmentVariableDescription[];
}

/**
 * Each app's config variables as the built app reports them (`main.js --print-config`): apps
 * cannot be imported from tools, and the bundle is what the images run. Builds the apps when
 * a bundle is missing (the test command builds them before the unit tests).
 */
export function appConfigurations(apps: readonly string[]): Map<string, AppConfiguration> {
  const bundle = (app: string) => join(ROOT, 'dist/apps', app, 'main.js');
  if (apps.some((app) => !existsSync(bundle(app)))) {
    const build = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '--projects=tag:type:app', '--output-style=static'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (build.status !== 0) {
      throw new Error(`building the apps failed:\n${build.stdout}\n${build.stderr}`);
    }
  }
  return new Map(
    apps.map((app) => {
      // An empty environment: the description must not depend on what this shell has set.
      const run = spawnSync(process.execPath, [bundle(app), '--print-config'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '' },
      });
      if (run.status !== 0) {
        throw new Error(`${app} --print-config exited ${run.status}: ${run.stderr}`);
      }
      return [app, JSON.parse(run.stdout) as AppConfiguration];
    }),
  );
}

export function defaultOf(config: AppConfiguration, name: string): unknown {
  return config.variables.find((variable) => variable.name === name)?.default;
}
