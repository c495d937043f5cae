import { isJsonObject, type Validated } from '@cdc/contracts';
import { parse as parseYaml } from 'yaml';

import { describeValue, parsePredicate } from './parse-predicate';
import { type RouteDefinition, RouteTable } from './route-table';
import {
  DEFAULT_ROUTE_PARTITIONS,
  MAX_ROUTE_PARTITIONS,
  RESERVED_TOPICS,
  ROUTE_KEY,
  ROUTE_NAME_PATTERN,
  routeTopic,
  TOPIC_NAME_PATTERN,
} from './route-topic';

const ROUTE_KEYS = ['name', 'where', 'topic', 'key', 'partitions'] as const;

/**
 * Parses and validates a routes file (YAML, or JSON, which is YAML too). Every problem is
 * reported, each naming its route (or its position when the name itself is the problem) and
 * the place inside it, so that one run of --check-routes lists everything to fix.
 */
export function parseRoutes(text: string): Validated<RouteTable> {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`not valid YAML or JSON: ${message.split('\n')[0]}`] };
  }
  return validateRoutesDocument(document);
}

/** Validates an already parsed routes document. */
export function validateRoutesDocument(document: unknown): Validated<RouteTable> {
  if (document === null || document === undefined) {
    return { ok: false, errors: ['the file is empty; write `routes: []` for no routes'] };
  }
  if (!isJsonObject(document)) {
    return {
      ok: false,
      errors: [`must be a mapping with a routes list; got ${describeValue(document)}`],
    };
  }
  const extra = Object.keys(document).filter((key) => key !== 'routes');
  if (extra.length > 0) {
    return {
      ok: false,
      errors: [
        `unknown top-level key ${extra.map((key) => JSON.stringify(key)).join(', ')} (only routes)`,
      ],
    };
  }
  const list = document['routes'];
  if (!Array.isArray(list)) {
    return { ok: false, errors: [`routes must be a list of routes; got ${describeValue(list)}`] };
  }
  const errors: string[] = [];
  const definitions = list.map((raw: unknown, index) => parseRoute(raw, index, errors));
  const valid = definitions.filter(
    (definition): definition is RouteDefinition => definition !== null,
  );
  checkNames(list, errors);
  checkSharedTopics(valid, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: new RouteTable(valid) };
}

function parseRoute(raw: unknown, index: number, errors: string[]): RouteDefinition | null {
  const position = `routes[${index}]`;
  if (!isJsonObject(raw)) {
    errors.push(`${position}: must be a mapping with name and where; got ${describeValue(raw)}`);
    return null;
  }
  const name = raw['name'];
  const named = typeof name === 'string' && ROUTE_NAME_PATTERN.test(name);
  const label = named ? `route "${name}"` : position;
  const before = errors.length;
  const problem = (message: string) => errors.push(`${label}: ${message}`);
  if (!named) {
    problem(
      name === undefined
        ? 'name is required'
        : `name must be lowercase letters, digits and "-" (at most 63, starting with a letter or digit); got ${describeValue(name)}`,
    );
  }
  const unknown = Object.keys(raw).filter(
    (key) => !(ROUTE_KEYS as readonly string[]).includes(key),
  );
  if (unknown.length > 0) {
    problem(
      `unknown key ${unknown.map((key) => JSON.stringify(key)).join(', ')} (keys: ${ROUTE_KEYS.join(', ')})`,
    );
  }
  let predicate = null;
  if (raw['where'] === undefined) {
    problem(
      'where is required: the predicate an event must match, e.g. where: { field: event_type, eq: finish }',
    );
  } else {
    const parsed = parsePredicate(raw['where']);
    for (const error of parsed.errors) {
      problem(error);
    }
    predicate = parsed.predicate;
  }
  const topic = raw['topic'] ?? (named ? routeTopic(name) : null);
  if (raw['topic'] !== undefined) {
    if (typeof topic !== 'string' || !TOPIC_NAME_PATTERN.test(topic)) {
      problem(
        `topic must be a Kafka topic name (letters, digits, ".", "_", "-"; at most 249); got ${describeValue(topic)}`,
      );
    } else if (RESERVED_TOPICS.includes(topic)) {
      problem(
        `topic ${topic} is a topic of the pipeline itself; a route writes a topic of its own`,
      );
    }
  }
  const key = raw['key'] ?? ROUTE_KEY;
  if (key !== ROUTE_KEY) {
    problem(
      `key must be ${ROUTE_KEY}, the only key a route topic has (it keeps each content's events in order, as on the enriched topic); got ${describeValue(key)}`,
    );
  }
  const partitions = raw['partitions'] ?? DEFAULT_ROUTE_PARTITIONS;
  if (
    typeof partitions !== 'number' ||
    !Number.isInteger(partitions) ||
    partitions < 1 ||
    partitions > MAX_ROUTE_PARTITIONS
  ) {
    problem(
      `partitions must be an integer from 1 to ${MAX_ROUTE_PARTITIONS}; got ${describeValue(partitions)}`,
    );
  }
  if (errors.length > before || !named || predicate === null) {
    return null;
  }
  return {
    name,
    predicate,
    topic: topic as string,
    key: ROUTE_KEY,
    partitions: partitions as number,
  };
}

function checkNames(list: readonly unknown[], errors: string[]): void {
  const positions = new Map<string, number[]>();
  list.forEach((raw, index) => {
    const name = isJsonObject(raw) ? raw['name'] : undefined;
    if (typeof name === 'string') {
      positions.set(name, [...(positions.get(name) ?? []), index]);
    }
  });
  for (const [name, indexes] of positions) {
    if (indexes.length > 1) {
      errors.push(
        `route "${name}": duplicate name (${indexes.map((index) => `routes[${index}]`).join(', ')})`,
      );
    }
  }
}

/** Routes may share a topic only with the same settings: one topic has one partition count. */
function checkSharedTopics(routes: readonly RouteDefinition[], errors: string[]): void {
  const first = new Map<string, RouteDefinition>();
  for (const route of routes) {
    const owner = first.get(route.topic);
    if (!owner) {
      first.set(route.topic, route);
    } else if (owner.partitions !== route.partitions) {
      errors.push(
        `route "${route.name}": topic ${route.topic} is also written by route "${owner.name}" with ${owner.partitions} partitions; route "${route.name}" asks for ${route.partitions}`,
      );
    }
  }
}
