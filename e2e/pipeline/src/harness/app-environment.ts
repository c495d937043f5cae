import { stackEnvironment } from '@cdc/testing';

/** The environment every app gets in end-to-end tests: the local stack. */
export const baseAppEnvironment: Record<string, string> = {
  KAFKA_BROKERS: stackEnvironment.KAFKA_BROKERS,
  PG_HOST: stackEnvironment.PG_HOST,
  PG_PORT: stackEnvironment.PG_PORT,
  PG_DATABASE: stackEnvironment.PG_DATABASE,
  PG_USER: stackEnvironment.PG_USER,
  PG_PASSWORD: stackEnvironment.PG_PASSWORD,
  CDC_TOPIC_PREFIX: stackEnvironment.CDC_TOPIC_PREFIX,
};
