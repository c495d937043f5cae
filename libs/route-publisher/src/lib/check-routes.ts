import { readRoutesFile } from './routes-file';

export const CHECK_ROUTES_FLAG = '--check-routes';

export function checkRoutesRequested(argv: readonly string[] = process.argv): boolean {
  return argv.slice(2).includes(CHECK_ROUTES_FLAG);
}

/**
 * `<app> --check-routes FILE`: validates a routes file without starting anything. Exit 0
 * with one line per route, or exit 1 with every problem, as start-up would report them.
 */
export function checkRoutesAndExit(service: string, argv: readonly string[] = process.argv): void {
  const args = argv.slice(2);
  const file = args[args.indexOf(CHECK_ROUTES_FLAG) + 1];
  if (file === undefined || file.startsWith('--')) {
    finish(
      process.stderr,
      `${service}: ${CHECK_ROUTES_FLAG} needs a file: ${CHECK_ROUTES_FLAG} routes.yaml\n`,
      1,
    );
    return;
  }
  const routes = readRoutesFile(file);
  if (!routes.ok) {
    const problems = routes.errors.map((problem) => `  - ${problem}`).join('\n');
    finish(process.stderr, `${service}: invalid routes file ${file}:\n${problems}\n`, 1);
    return;
  }
  const lines = routes.value.size === 0 ? [`${file}: no routes`] : routes.value.describe();
  finish(process.stdout, `${lines.join('\n')}\n`, 0);
}

/** Exits only once the write is flushed: a piped stream may still be buffering. */
function finish(stream: NodeJS.WriteStream, text: string, code: number): void {
  stream.write(text, () => process.exit(code));
}
