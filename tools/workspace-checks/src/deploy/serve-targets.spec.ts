import { appNames, readText } from './workspace-files';

interface ServeTarget {
  executor: string;
  options: { port?: number; inspect?: unknown };
}

function serveTarget(app: string): ServeTarget {
  const project = JSON.parse(readText(`apps/${app}/project.json`)) as {
    targets: { serve: ServeTarget };
  };
  return project.targets.serve;
}

/**
 * `nx serve <app>` in a terminal per app is the user's way to run them side by side: with the
 * executor's default inspector port (9229) for all, the second one could not open its own.
 */
describe('nx serve targets', () => {
  it('give every app an inspector port of its own, away from 9229', () => {
    const ports = Object.fromEntries(appNames().map((app) => [app, serveTarget(app).options.port]));
    expect(ports).toEqual({
      backfill: 9235,
      'bigquery-sink': 9233,
      enrichment: 9231,
      'redis-sink': 9232,
      'webhook-sink': 9234,
    });
  });

  it('use the Node executor with the inspector on', () => {
    for (const app of appNames()) {
      expect({ app, ...serveTarget(app) }).toMatchObject({ app, executor: '@nx/js:node' });
      expect(serveTarget(app).options.inspect).toBeUndefined();
    }
  });
});
