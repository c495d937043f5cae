import type { TopicAdmin, TopicSpec } from '@cdc/kafka';
import { parseRoutes } from '@cdc/routing';

import { RouteTopics } from './route-topics';
import { RoutesConfig } from './routes.config';

const ROUTES = `
routes:
  - { name: a, where: { field: device, eq: ios }, partitions: 4 }
  - { name: b, where: { field: device, eq: macos }, topic: apple.v1, partitions: 2 }
  - { name: c, where: { field: device, eq: tvos }, topic: apple.v1, partitions: 2 }
`;

function topics(existing: Record<string, number>) {
  const parsed = parseRoutes(ROUTES);
  if (!parsed.ok) {
    throw new Error(parsed.errors.join('\n'));
  }
  const created: TopicSpec[] = [];
  const admin = {
    ensureTopics: async (specs: readonly TopicSpec[]) => {
      for (const spec of specs) {
        if (!(spec.topic in existing)) {
          created.push(spec);
          existing[spec.topic] = spec.partitions;
        }
      }
    },
    listTopics: async () => Object.keys(existing),
    partitionCounts: async (names: readonly string[]) =>
      new Map(names.map((name) => [name, existing[name] ?? 0])),
  } as unknown as TopicAdmin;
  const config = Object.assign(new RoutesConfig(), { ROUTES_FILE: '/etc/routes/routes.yaml' });
  return { under: new RouteTopics(parsed.value, admin, config), created };
}

describe('RouteTopics', () => {
  it('creates each missing route topic once, with its partition count, and accepts an existing one that agrees', async () => {
    const { under, created } = topics({ 'engagement.route.a.v1': 4 });
    await under.onApplicationBootstrap();
    expect(created).toEqual([{ topic: 'apple.v1', partitions: 2 }]);
  });

  it('refuses a topic that exists with another partition count, naming the route, creating nothing', async () => {
    const { under, created } = topics({ 'apple.v1': 3 });
    await expect(under.onApplicationBootstrap()).rejects.toThrow(
      'Invalid routes file /etc/routes/routes.yaml (ROUTES_FILE):\n  - route "b": topic apple.v1 exists with 3 partitions, the routes file asks for 2 (give the route a new topic to change it)',
    );
    expect(created).toEqual([]);
  });
});
