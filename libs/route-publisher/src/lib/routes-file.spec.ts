import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigValidationError } from '@cdc/platform';
import { RouteTable } from '@cdc/routing';

import { loadRoutesFile, readRoutesFile, RoutesFileError } from './routes-file';

const dir = mkdtempSync(join(tmpdir(), 'routes-file-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadRoutesFile', () => {
  it('has no routes when ROUTES_FILE is empty', () => {
    expect(loadRoutesFile('')).toBe(RouteTable.empty);
  });

  it('reads a valid file', () => {
    const path = file(
      'ok.yaml',
      'routes:\n  - { name: clicks, where: { field: event_type, eq: click } }\n',
    );
    expect(loadRoutesFile(path).routes.map((route) => route.topic)).toEqual([
      'engagement.route.clicks.v1',
    ]);
  });

  it('throws a configuration error that names the file, the route and the problem', () => {
    const path = file(
      'bad.yaml',
      'routes:\n  - { name: clicks, where: { field: evnt_type, eq: click } }\n',
    );
    let thrown: unknown;
    try {
      loadRoutesFile(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RoutesFileError);
    expect(thrown).toBeInstanceOf(ConfigValidationError);
    expect((thrown as RoutesFileError).message).toBe(
      `Invalid routes file ${path} (ROUTES_FILE):\n  - route "clicks": where: unknown field "evnt_type" (fields: event_type, content_type, device, origin, duration_ms, engagement_pct, length_seconds, snapshot)`,
    );
  });

  it('says so when the file cannot be read', () => {
    expect(readRoutesFile(join(dir, 'missing.yaml'))).toEqual({
      ok: false,
      errors: ['cannot be read (ENOENT)'],
    });
    expect(readRoutesFile(dir)).toEqual({ ok: false, errors: ['cannot be read (EISDIR)'] });
  });
});
