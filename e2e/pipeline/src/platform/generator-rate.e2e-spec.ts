import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { SourceDbFixture, stackEnvironment } from '@cdc/testing';

const ROOT = join(__dirname, '../../../..');
const run = promisify(execFile);

/** Runs the README's data generator for `seconds` at `rate`; returns the rows its run inserted. */
async function generate(db: SourceDbFixture, rate: string, seconds: number): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      '-r',
      'tsconfig-paths/register',
      'tools/data-generator/src/generate.ts',
      '--rate',
      rate,
      '--duration',
      String(seconds),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        TS_NODE_PROJECT: 'tsconfig.base.json',
        ...stackEnvironment,
      },
    },
  );
  const id = /generator: run (\w+),/.exec(stdout)?.[1];
  expect(id).toBeDefined();
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM engagement_events WHERE raw_payload->>'generator_run' = $1`,
    [id],
  );
  return row?.count ?? -1;
}

describe('data generator: the rate it is asked for', () => {
  const db = new SourceDbFixture();

  afterAll(() => db.close());

  it.each([
    // Before the fix every tick inserted at least one event: about 10/s for any rate below 5.
    ['2', 6, [11, 12]],
    ['0.5', 6, [2, 3]],
    ['30', 4, [117, 118, 119, 120]],
  ] as const)(
    '--rate %s for %i s inserts rate × seconds events',
    async (rate, seconds, expected) => {
      expect(expected).toContain(await generate(db, rate, seconds));
    },
  );
});
