import { readFileSync } from 'node:fs';

import type { Validated } from '@cdc/contracts';
import { ConfigValidationError } from '@cdc/platform';
import { parseRoutes, RouteTable } from '@cdc/routing';

/**
 * A routes file that cannot be used. A ConfigValidationError, so that bootstrap reports it as
 * it reports a bad variable: `<app> failed to start. Invalid routes file <path> ...`, exit 1.
 */
export class RoutesFileError extends ConfigValidationError {
  constructor(
    readonly file: string,
    problems: string[],
  ) {
    super(problems);
    this.name = 'RoutesFileError';
    this.message = `Invalid routes file ${file} (ROUTES_FILE):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`;
  }
}

/** Reads and validates a routes file; every problem is listed, each naming its route. */
export function readRoutesFile(file: string): Validated<RouteTable> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, errors: [`cannot be read (${code})`] };
  }
  return parseRoutes(text);
}

/** The routes of ROUTES_FILE, or none when it is empty; throws RoutesFileError when invalid. */
export function loadRoutesFile(file: string): RouteTable {
  if (file === '') {
    return RouteTable.empty;
  }
  const routes = readRoutesFile(file);
  if (!routes.ok) {
    throw new RoutesFileError(file, routes.errors);
  }
  return routes.value;
}
