/**
 * @cdc/webhook-delivery: delivering enriched events to a partner's HTTP endpoint. Payload v1
 * and its HMAC signature, the undici client, cockatiel policies (retry, breaker, bulkhead),
 * the event filter and the per-content ordering dispatcher. No Kafka, no Nest modules.
 */
export * from './lib/webhook-payload';
export * from './lib/webhook-signature';
export * from './lib/response-classification';
export * from './lib/delivery-errors';
export * from './lib/event-filter';
export * from './lib/webhook-delivery.options';
export * from './lib/webhook-metrics';
export * from './lib/webhook-http-client';
export * from './lib/delivery-policy';
export * from './lib/webhook-deliverer';
export * from './lib/delivery-dispatcher';
