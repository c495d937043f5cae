import { parseRoutes } from './parse-routes';
import type { RouteTable } from './route-table';
import { anEnrichedEvent } from './test-event';

const EXAMPLE = `
# Three consumers, three routes.
routes:
  - name: video-finishes
    where:
      and:
        - { field: event_type, eq: finish }
        - { field: content_type, eq: video }
  - name: newsletter-clicks
    where:
      and: [{ field: event_type, eq: click }, { field: content_type, in: [newsletter] }]
    partitions: 4
  - name: long-sessions
    where: { field: engagement_pct, gte: 90 }
    topic: fraud.long-sessions
    key: content_id
  - name: été-campaign
    where: { payload: [кампания, 名前], eq: été }
`;

function table(text: string): RouteTable {
  const parsed = parseRoutes(text);
  if (!parsed.ok) {
    throw new Error(parsed.errors.join('\n'));
  }
  return parsed.value;
}

function errorsOf(text: string): string[] {
  const parsed = parseRoutes(text);
  return parsed.ok ? [] : parsed.errors;
}

describe('parseRoutes', () => {
  it('reads names, topics (engagement.route.<name>.v1 by default), keys and partitions (16 by default)', () => {
    const routes = table(EXAMPLE.replace('été-campaign', 'ete-campaign')).routes.map(
      ({ name, topic, key, partitions }) => ({ name, topic, key, partitions }),
    );
    expect(routes).toEqual([
      {
        name: 'video-finishes',
        topic: 'engagement.route.video-finishes.v1',
        key: 'content_id',
        partitions: 16,
      },
      {
        name: 'newsletter-clicks',
        topic: 'engagement.route.newsletter-clicks.v1',
        key: 'content_id',
        partitions: 4,
      },
      { name: 'long-sessions', topic: 'fraud.long-sessions', key: 'content_id', partitions: 16 },
      {
        name: 'ete-campaign',
        topic: 'engagement.route.ete-campaign.v1',
        key: 'content_id',
        partitions: 16,
      },
    ]);
  });

  it('matches events with the compiled predicates, in file order', () => {
    const routes = table(EXAMPLE.replace('été-campaign', 'ete-campaign'));
    const names = (overrides: Parameters<typeof anEnrichedEvent>[0]) =>
      routes.match(anEnrichedEvent(overrides)).map((route) => route.name);
    expect(names({ event_type: 'finish', content_type: 'video', engagement_pct: 95 })).toEqual([
      'video-finishes',
      'long-sessions',
    ]);
    expect(
      names({ event_type: 'click', content_type: 'newsletter', engagement_pct: null }),
    ).toEqual(['newsletter-clicks']);
    expect(
      names({ event_type: 'play', engagement_pct: 1, raw_payload: { кампания: { 名前: 'été' } } }),
    ).toEqual(['ete-campaign']);
    expect(names({ event_type: 'pause', engagement_pct: null })).toEqual([]);
  });

  it('reads JSON as well', () => {
    const json = JSON.stringify({
      routes: [{ name: 'clicks', where: { field: 'event_type', eq: 'click' }, partitions: 2 }],
    });
    expect(table(json).describe()).toEqual([
      'clicks -> engagement.route.clicks.v1 (2 partitions, key content_id) when event_type = "click"',
    ]);
  });

  it('takes an empty routes list as no routes', () => {
    expect(table('routes: []').size).toBe(0);
    expect(table('{"routes": []}').topics()).toEqual([]);
  });

  it('lets routes share a topic when they agree on its settings', () => {
    const shared = table(`
routes:
  - { name: a, where: { field: device, eq: ios }, topic: devices.apple, partitions: 3 }
  - { name: b, where: { field: device, eq: macos }, topic: devices.apple, partitions: 3 }
  - { name: c, where: { field: device, eq: android } }
`);
    expect(shared.topics()).toEqual([
      { topic: 'devices.apple', partitions: 3, routes: ['a', 'b'] },
      { topic: 'engagement.route.c.v1', partitions: 16, routes: ['c'] },
    ]);
  });

  it('describes each route on one line', () => {
    expect(
      table(`
routes:
  - name: mixed
    where:
      or:
        - and: [{ field: event_type, eq: finish }, { field: content_type, in: [video, podcast] }]
        - not: { or: [{ field: device, exists: false }, { field: engagement_pct, lt: 50 }] }
        - { payload: [кампания, 名前], eq: été }
        - { payload: [campaign, "a.b", 0], exists: true }
        - { payload: flag, eq: true }
        - { field: duration_ms, gte: 1000 }
`).describe(),
    ).toEqual([
      'mixed -> engagement.route.mixed.v1 (16 partitions, key content_id) when (event_type = "finish" and content_type in ("video", "podcast")) or not (device is null or engagement_pct < 50) or raw_payload.кампания.名前 = "été" or raw_payload.campaign["a.b"][0] is set or raw_payload.flag = true or duration_ms >= 1000',
    ]);
  });
});

describe('parseRoutes: errors', () => {
  it.each([
    ['', 'the file is empty; write `routes: []` for no routes'],
    ['# only a comment\n', 'the file is empty; write `routes: []` for no routes'],
    ['- name: a', 'must be a mapping with a routes list; got a list'],
    ['routes: {}', 'routes must be a list of routes; got a mapping'],
    ['{}', 'routes must be a list of routes; got nothing'],
    ['routes: []\nroute: []', 'unknown top-level key "route" (only routes)'],
    [
      'routes: [\n',
      'not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ] at line 2, column 1:',
    ],
    [
      'routes: []\nroutes: []',
      'not valid YAML or JSON: Map keys must be unique at line 2, column 1:',
    ],
    [
      '{"routes": [], "routes": []}',
      'not valid YAML or JSON: Map keys must be unique at line 1, column 16:',
    ],
  ])('%j: %s', (text, message) => {
    expect(errorsOf(text)).toEqual([message]);
  });

  it.each([
    ['- video', 'routes[0]: must be a mapping with name and where; got string "video"'],
    ['- where: { field: device, eq: ios }', 'routes[0]: name is required'],
    [
      '- { name: Video_Finishes, where: { field: device, eq: ios } }',
      'routes[0]: name must be lowercase letters, digits and "-" (at most 63, starting with a letter or digit); got string "Video_Finishes"',
    ],
    [
      '- { name: été, where: { field: device, eq: ios } }',
      'routes[0]: name must be lowercase letters, digits and "-" (at most 63, starting with a letter or digit); got string "été"',
    ],
    [
      '- { name: 7, where: { field: device, eq: ios } }',
      'routes[0]: name must be lowercase letters, digits and "-" (at most 63, starting with a letter or digit); got number 7',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, predicate: x }',
      'route "a": unknown key "predicate" (keys: name, where, topic, key, partitions)',
    ],
    [
      '- { name: a }',
      'route "a": where is required: the predicate an event must match, e.g. where: { field: event_type, eq: finish }',
    ],
    [
      '- { name: a, where: { field: evnt_type, eq: finish } }',
      'route "a": where: unknown field "evnt_type" (fields: event_type, content_type, device, origin, duration_ms, engagement_pct, length_seconds, snapshot)',
    ],
    [
      '- { name: a, where: { and: [{ field: event_type, eq: finish }, { field: engagement_pct, gte: "90" }] } }',
      'route "a": where.and[1]: engagement_pct gte must be a finite number; got string "90"',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, topic: "bad topic" }',
      'route "a": topic must be a Kafka topic name (letters, digits, ".", "_", "-"; at most 249); got string "bad topic"',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, topic: 12 }',
      'route "a": topic must be a Kafka topic name (letters, digits, ".", "_", "-"; at most 249); got number 12',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, topic: engagement.enriched.v1 }',
      'route "a": topic engagement.enriched.v1 is a topic of the pipeline itself; a route writes a topic of its own',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, topic: engagement.webhook-sink.dlq.v1 }',
      'route "a": topic engagement.webhook-sink.dlq.v1 is a topic of the pipeline itself; a route writes a topic of its own',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, key: user_id }',
      'route "a": key must be content_id, the only key a route topic has (it keeps each content\'s events in order, as on the enriched topic); got string "user_id"',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, partitions: 0 }',
      'route "a": partitions must be an integer from 1 to 1000; got number 0',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, partitions: 2.5 }',
      'route "a": partitions must be an integer from 1 to 1000; got number 2.5',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, partitions: "16" }',
      'route "a": partitions must be an integer from 1 to 1000; got string "16"',
    ],
    [
      '- { name: a, where: { field: device, eq: ios }, partitions: 1001 }',
      'route "a": partitions must be an integer from 1 to 1000; got number 1001',
    ],
  ])('%s: %s', (routes, message) => {
    expect(errorsOf(`routes:\n${routes}\n`)).toEqual([message]);
  });

  it('refuses duplicate names, naming the positions', () => {
    expect(
      errorsOf(`
routes:
  - { name: a, where: { field: device, eq: ios } }
  - { name: b, where: { field: device, eq: ios } }
  - { name: a, where: { field: device, eq: android } }
`),
    ).toEqual(['route "a": duplicate name (routes[0], routes[2])']);
  });

  it('refuses two routes writing one topic with different settings', () => {
    expect(
      errorsOf(`
routes:
  - { name: a, where: { field: device, eq: ios }, topic: devices, partitions: 3 }
  - { name: b, where: { field: device, eq: macos }, topic: devices }
`),
    ).toEqual([
      'route "b": topic devices is also written by route "a" with 3 partitions; route "b" asks for 16',
    ]);
  });

  it('lists every problem of every route in one go', () => {
    expect(
      errorsOf(`
routes:
  - name: video-finishes
    where: { and: [{ field: event_type, eq: finnish }, { field: contenttype, eq: video }] }
    partitions: -1
  - name: ok
    where: { field: origin, eq: cdc }
  - where: { not: { payload: [], exists: true } }
`),
    ).toEqual([
      'route "video-finishes": where.and[0]: event_type eq must be one of play, pause, finish, click; got string "finnish"',
      'route "video-finishes": where.and[1]: unknown field "contenttype" (fields: event_type, content_type, device, origin, duration_ms, engagement_pct, length_seconds, snapshot)',
      'route "video-finishes": partitions must be an integer from 1 to 1000; got number -1',
      'routes[2]: name is required',
      'routes[2]: where.not: payload must be a list of keys and array indices, e.g. [campaign, id], or a dotted string, e.g. campaign.id; got an empty list',
    ]);
  });
});
