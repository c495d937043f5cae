import { AppProcess, KafkaFixture } from '@cdc/testing';

import { baseAppEnvironment } from '../harness/app-environment';
import { admin, ROUTING_PORTS, runBuiltApp, runSuffix, writeRoutesFile } from './routing.support';

const FIELDS =
  'fields: event_type, content_type, device, origin, duration_ms, engagement_pct, length_seconds, snapshot';

const INVALID = `
routes:
  - name: video-finishes
    where:
      and:
        - { field: evnt_type, eq: finish }
        - { field: content_type, eq: video }
  - name: long-sessions
    where: { field: engagement_pct, gte: "90" }
  - name: long-sessions
    where: { field: engagement_pct, gte: 90 }
    key: user_id
`;
const PROBLEMS = [
  `  - route "video-finishes": where.and[0]: unknown field "evnt_type" (${FIELDS})`,
  '  - route "long-sessions": where: engagement_pct gte must be a finite number; got string "90"',
  `  - route "long-sessions": key must be content_id, the only key a route topic has (it keeps each content's events in order, as on the enriched topic); got string "user_id"`,
  '  - route "long-sessions": duplicate name (routes[1], routes[2])',
];

const VALID = `
routes:
  - name: video-finishes
    where: { and: [{ field: event_type, eq: finish }, { field: content_type, eq: video }] }
  - name: newsletter-clicks
    where: { and: [{ field: event_type, eq: click }, { field: content_type, in: [newsletter] }] }
    partitions: 4
  - name: long-sessions
    where: { field: engagement_pct, gte: 90 }
`;

function enrichment(routesFile: string, suffix: string): AppProcess {
  return new AppProcess(
    'enrichment',
    {
      ...baseAppEnvironment,
      ROUTES_FILE: routesFile,
      CONSUMER_GROUP_ID: `enrichment-routes-file-e2e-${suffix}`,
    },
    ROUTING_PORTS.enrichment,
  );
}

describe('routes file: validated at start-up and by --check-routes', () => {
  const kafka = new KafkaFixture();

  afterAll(async () => {
    await kafka.close();
  });

  it('stops enrichment with exit code 1, naming each route and its problem', async () => {
    const file = writeRoutesFile(INVALID);
    const app = enrichment(file, runSuffix()).spawn();
    expect(await app.exited()).toBe(1);
    expect(app.logs).toBe(
      `enrichment failed to start. Invalid routes file ${file} (ROUTES_FILE):\n${PROBLEMS.join('\n')}\n`,
    );
  });

  it('--check-routes reports the same problems with exit code 1', async () => {
    const file = writeRoutesFile(INVALID);
    expect(await runBuiltApp('enrichment', ['--check-routes', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: `enrichment: invalid routes file ${file}:\n${PROBLEMS.join('\n')}\n`,
    });
  });

  it('--check-routes accepts a valid file with exit code 0 and one line per route', async () => {
    const file = writeRoutesFile(VALID);
    expect(await runBuiltApp('enrichment', ['--check-routes', file])).toEqual({
      code: 0,
      stdout: [
        'video-finishes -> engagement.route.video-finishes.v1 (16 partitions, key content_id) when event_type = "finish" and content_type = "video"',
        'newsletter-clicks -> engagement.route.newsletter-clicks.v1 (4 partitions, key content_id) when event_type = "click" and content_type in ("newsletter")',
        'long-sessions -> engagement.route.long-sessions.v1 (16 partitions, key content_id) when engagement_pct >= 90',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('--check-routes refuses a file that does not exist', async () => {
    expect(await runBuiltApp('enrichment', ['--check-routes', '/nonexistent/routes.yaml'])).toEqual(
      {
        code: 1,
        stdout: '',
        stderr:
          'enrichment: invalid routes file /nonexistent/routes.yaml:\n  - cannot be read (ENOENT)\n',
      },
    );
  });

  it('stops enrichment when a route topic exists with another partition count', async () => {
    const suffix = runSuffix();
    const topic = `engagement.route.resized-${suffix}.v1`;
    const topics = admin(kafka);
    try {
      await topics.ensureTopics([{ topic, partitions: 2 }]);
    } finally {
      await topics.onApplicationShutdown();
    }
    const file = writeRoutesFile(
      `routes:\n  - { name: resized-${suffix}, where: { field: device, eq: ios }, partitions: 3 }\n`,
    );
    const app = enrichment(file, suffix).spawn();
    expect(await app.exited()).toBe(1);
    expect(app.logs).toContain(
      `enrichment failed to start. Invalid routes file ${file} (ROUTES_FILE):\n  - route "resized-${suffix}": topic ${topic} exists with 2 partitions, the routes file asks for 3 (give the route a new topic to change it)\n`,
    );
  });
});
