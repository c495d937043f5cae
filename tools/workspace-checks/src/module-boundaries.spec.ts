import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** Throwaway files placed inside projects, as if a developer had written them there. */
const PROBES = {
  sinkImportsSink: [
    'apps/redis-sink',
    "import * as other from '@cdc/bigquery-store';\nexport const probe = other;\n",
  ],
  contractsImportsPlatform: [
    'libs/contracts',
    "import * as platform from '@cdc/platform';\nexport const probe = platform;\n",
  ],
  appImportsKafkajs: [
    'apps/enrichment',
    "import { Kafka } from 'kafkajs';\nexport const probe = Kafka;\n",
  ],
  sinkImportsSharedAndOwn: [
    'apps/redis-sink',
    "import { Topics } from '@cdc/contracts';\nimport * as store from '@cdc/redis-store';\nexport const probe = [Topics, store];\n",
  ],
} as const;

type ProbeName = keyof typeof PROBES;

/** Lints every probe in one ESLint process (its ESM config cannot be loaded inside Jest's VM). */
function lintProbes(): Record<ProbeName, string[]> {
  const files = Object.fromEntries(
    Object.entries(PROBES).map(([name, [dir]]) => [
      name,
      join(ROOT, dir, 'src', `boundary-probe-${name}-${process.pid}.ts`),
    ]),
  ) as Record<ProbeName, string>;
  try {
    for (const [name, [, source]] of Object.entries(PROBES)) {
      writeFileSync(files[name as ProbeName], source);
    }
    const run = spawnSync(
      process.execPath,
      [require.resolve('eslint/bin/eslint.js'), '--format', 'json', ...Object.values(files)],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const results = JSON.parse(run.stdout) as {
      filePath: string;
      messages: { severity: number; ruleId: string; message: string }[];
    }[];
    const errorsOf = (file: string) =>
      (results.find((result) => result.filePath === file)?.messages ?? [])
        .filter((m) => m.severity === 2)
        .map((m) => `${m.ruleId}: ${m.message}`);
    return Object.fromEntries(
      Object.entries(files).map(([name, file]) => [name, errorsOf(file)]),
    ) as Record<ProbeName, string[]>;
  } finally {
    for (const file of Object.values(files)) {
      rmSync(file, { force: true });
    }
  }
}

describe('module boundaries are enforced by lint', () => {
  let errors: Record<ProbeName, string[]>;
  beforeAll(() => {
    errors = lintProbes();
  });

  it('fails when a sink imports another sink', () => {
    expect(errors.sinkImportsSink).toEqual([
      '@nx/enforce-module-boundaries: A project tagged with "scope:redis-sink" can only depend on libs tagged with "scope:shared", "scope:redis-sink"',
    ]);
  });

  it('fails when the contracts lib imports anything of ours', () => {
    expect(errors.contractsImportsPlatform).toEqual([
      '@nx/enforce-module-boundaries: A project tagged with "type:contracts" cannot depend on any libs with tags',
    ]);
  });

  it('fails when an app imports kafkajs directly', () => {
    expect(errors.appImportsKafkajs).toEqual([
      "no-restricted-imports: 'kafkajs' import is restricted from being used. kafkajs is wrapped by @cdc/kafka; import from there.",
    ]);
  });

  it('passes a sink that imports only shared libs and its own', () => {
    expect(errors.sinkImportsSharedAndOwn).toEqual([]);
  });
});
