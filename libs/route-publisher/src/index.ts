/**
 * @cdc/route-publisher: the Kafka side of routing, for the apps that publish enriched
 * records (enrichment, and the backfill). Reads and validates ROUTES_FILE at start-up,
 * creates the route topics, publishes route copies through @cdc/kafka's RecordPublisher,
 * counts cdc_route_events_{matched,published}_total{route}, and implements --check-routes.
 * What a route is and matches is @cdc/routing's; this lib never decides it. Depends on
 * contracts, routing, kafka and platform only.
 */
export * from './lib/routes.config';
export * from './lib/routes-file';
export * from './lib/route-metrics';
export * from './lib/route-publisher';
export * from './lib/route-topics';
export * from './lib/routes.module';
export * from './lib/check-routes';
