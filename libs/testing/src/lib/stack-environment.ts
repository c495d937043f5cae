/**
 * Connection settings of the local stack (scripts/stack/stack.env), overridable from the
 * environment so tests can point elsewhere.
 */
export const stackEnvironment = {
  KAFKA_BROKERS:
    process.env['KAFKA_BROKERS'] ?? `127.0.0.1:${process.env['STACK_KAFKA_PORT'] ?? '59092'}`,
  PG_HOST: process.env['PG_HOST'] ?? '127.0.0.1',
  PG_PORT: process.env['PG_PORT'] ?? process.env['STACK_PG_PORT'] ?? '55432',
  PG_DATABASE: process.env['PG_DATABASE'] ?? 'engagement',
  PG_USER: process.env['PG_USER'] ?? 'engagement',
  PG_PASSWORD: process.env['PG_PASSWORD'] ?? 'engagement',
  REDIS_HOST: process.env['REDIS_HOST'] ?? '127.0.0.1',
  REDIS_PORT: process.env['REDIS_PORT'] ?? process.env['STACK_REDIS_PORT'] ?? '56379',
  BIGQUERY_API_ENDPOINT:
    process.env['BIGQUERY_API_ENDPOINT'] ??
    `http://127.0.0.1:${process.env['STACK_BQ_REST_PORT'] ?? '59050'}`,
  CDC_TOPIC_PREFIX: process.env['CDC_TOPIC_PREFIX'] ?? 'cdc',
  CONNECT_URL:
    process.env['CONNECT_URL'] ??
    `http://127.0.0.1:${process.env['STACK_CONNECT_PORT'] ?? '58083'}`,
} as const;

export type StackEnvironment = typeof stackEnvironment;
