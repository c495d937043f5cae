/**
 * @cdc/webhook-delivery: delivering enriched events to a partner's HTTP endpoint. Payload v1
 * and its Standard Webhooks signature, the undici client, cockatiel policies (retry, breaker, bulkhead),
 * the event filter, the per-content ordering dispatcher and the deliveries that tie them to a
 * consumer (backpressure, dead-lettering through a port). No Kafka, no Nest: the sink app
 * supplies its dead-letter topic and metrics as ports, and the replay command needs neither.
 */
export * from './lib/webhook-payload';
export * from './lib/webhook-signature';
export * from './lib/endpoint-status';
export * from './lib/response-classification';
export * from './lib/delivery-errors';
export * from './lib/event-filter';
export * from './lib/webhook-delivery.options';
export * from './lib/webhook-metrics';
export * from './lib/webhook-http-client';
export * from './lib/delivery-policy';
export * from './lib/webhook-deliverer';
export * from './lib/delivery-dispatcher';
export * from './lib/webhook-deliveries';
export * from './lib/redacted-url';
