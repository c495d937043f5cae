import { Topics } from '@cdc/contracts';

/** Lowercase letters, digits and "-", starting with a letter or digit: a topic and label part. */
export const ROUTE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Kafka's own limit on topic names. */
export const TOPIC_NAME_PATTERN = /^[A-Za-z0-9._-]{1,249}$/;

/** Partitions of a route topic when the route names none: the enriched topic's default. */
export const DEFAULT_ROUTE_PARTITIONS = 16;
export const MAX_ROUTE_PARTITIONS = 1_000;

/** The only key a route topic has: content_id keeps each content's events in order. */
export const ROUTE_KEY = 'content_id';
export type RouteKey = typeof ROUTE_KEY;

/** The conventional topic of a route: engagement.route.<name>.v1, versioned like the enriched topic. */
export function routeTopic(name: string): string {
  return `engagement.route.${name}.v1`;
}

/** Topics of the pipeline itself: a route never writes into them. */
export const RESERVED_TOPICS: readonly string[] = Object.values(Topics);
