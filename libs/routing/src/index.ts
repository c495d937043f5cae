/**
 * @cdc/routing: declarative routes from the enriched stream to consumer-specific topics.
 * Parses and validates a routes file (YAML or JSON) with messages that name the route and
 * the place, compiles each route's predicate, evaluates it on an EnrichedEngagementEventV1,
 * names route topics and builds a route copy's headers. Pure: no I/O (the caller reads the
 * file), no Nest, no Kafka; depends on @cdc/contracts only.
 */
export * from './lib/route-fields';
export * from './lib/route-predicate';
export * from './lib/payload-path';
export * from './lib/parse-predicate';
export * from './lib/evaluate-predicate';
export * from './lib/describe-predicate';
export * from './lib/route-topic';
export * from './lib/route-copy';
export * from './lib/route-table';
export * from './lib/parse-routes';
