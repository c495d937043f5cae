import { type AppConfiguration, appConfigurations } from '../deploy/app-configurations';
import { appNames, readText } from '../deploy/workspace-files';

const REFERENCE = 'docs/configuration.md';

/**
 * The variables the reference documents: the backticked names in the first cell of the rows
 * of every table whose header starts with "Variable" (other tables, e.g. the renames, are prose).
 */
function documentedVariables(markdown: string): Set<string> {
  const names = new Set<string>();
  let header: string | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    const first = line.split('|')[1]?.trim() ?? '';
    if (header === null) {
      header = first;
      continue;
    }
    if (!/^Variable\b/.test(header) || /^:?-+:?$/.test(first)) {
      continue;
    }
    for (const match of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) {
      names.add(match[1]!);
    }
  }
  return names;
}

describe('docs/configuration.md is the reference of every app variable', () => {
  const apps = appNames();
  const documented = documentedVariables(readText(REFERENCE));
  let configs: Map<string, AppConfiguration>;

  beforeAll(() => {
    configs = appConfigurations(apps);
  });

  const declared = (app: string) => configs.get(app)!.variables.map((variable) => variable.name);

  it('reads the tables of the reference', () => {
    expect(documented.size).toBeGreaterThanOrEqual(60);
  });

  it.each(apps)('every variable %s declares is documented', (app) => {
    expect(declared(app).filter((name) => !documented.has(name))).toEqual([]);
  });

  it('documents no variable that no app declares', () => {
    const all = new Set(apps.flatMap(declared));
    expect([...documented].filter((name) => !all.has(name)).sort()).toEqual([]);
  });
});
