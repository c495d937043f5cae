/**
 * @cdc/platform: what every service does the same way: validated configuration, health
 * (liveness and readiness), Prometheus metrics, structured logs, bootstrap and bounded
 * shutdown. Knows nothing of Kafka, databases or the engagement domain.
 */
export * from './lib/config/environment-schema';
export * from './lib/config/environment-description';
export * from './lib/config/env-decorators';
export * from './lib/config/runtime.config';
export * from './lib/config/typed-config.module';
export * from './lib/health/readiness-registry';
export * from './lib/health/health.module';
export * from './lib/metrics/metrics.module';
export * from './lib/metrics/metrics-registry';
export * from './lib/logging/logging.module';
export * from './lib/retry/retry-with-backoff';
export * from './lib/bootstrap/bootstrap-service';
export * from './lib/bootstrap/shutdown-deadline';
export * from './lib/bootstrap/print-config';
export * from './lib/platform.module';
