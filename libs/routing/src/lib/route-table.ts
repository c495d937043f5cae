import type { EnrichedEngagementEventV1 } from '@cdc/contracts';

import { describePredicate } from './describe-predicate';
import { compilePredicate, type EventMatcher } from './evaluate-predicate';
import type { Predicate } from './route-predicate';
import type { RouteKey } from './route-topic';

/** One route as the routes file declares it, defaults filled in. */
export interface RouteDefinition {
  name: string;
  predicate: Predicate;
  topic: string;
  key: RouteKey;
  partitions: number;
}

export interface Route extends RouteDefinition {
  matches: EventMatcher;
}

/** A topic that routes write, with the settings every route writing it agreed on. */
export interface RouteTopicSpec {
  topic: string;
  partitions: number;
  routes: readonly string[];
}

/** The validated routes of one file, compiled; the empty table routes nothing. */
export class RouteTable {
  readonly routes: readonly Route[];

  constructor(definitions: readonly RouteDefinition[]) {
    this.routes = definitions.map((definition) => ({
      ...definition,
      matches: compilePredicate(definition.predicate),
    }));
  }

  static readonly empty = new RouteTable([]);

  get size(): number {
    return this.routes.length;
  }

  /** The routes the event matches, in file order. */
  match(event: EnrichedEngagementEventV1): Route[] {
    return this.routes.filter((route) => route.matches(event));
  }

  /** Each topic once, in the order routes first name it. */
  topics(): RouteTopicSpec[] {
    const specs = new Map<string, RouteTopicSpec>();
    for (const { topic, partitions, name } of this.routes) {
      const spec = specs.get(topic);
      specs.set(topic, { topic, partitions, routes: [...(spec?.routes ?? []), name] });
    }
    return [...specs.values()];
  }

  /** One line per route, as --check-routes prints it. */
  describe(): string[] {
    return this.routes.map(
      (route) =>
        `${route.name} -> ${route.topic} (${route.partitions} partitions, key ${route.key}) when ${describePredicate(route.predicate)}`,
    );
  }
}
