import { Injectable, Logger } from '@nestjs/common';
import { Kafka, type LogEntry, logLevel, type SASLOptions } from 'kafkajs';

import { KafkaConfig } from './kafka.config';
import { fixIdleRequestQueueTimer } from './request-queue-idle-fix';

/** Owns the kafkajs Kafka instance; kafkajs logs go through the Nest logger. */
@Injectable()
export class KafkaClient {
  readonly kafka: Kafka;

  constructor(config: KafkaConfig, clientId: string) {
    fixIdleRequestQueueTimer();
    const logger = new Logger('kafkajs');
    this.kafka = new Kafka({
      clientId: config.KAFKA_CLIENT_ID ?? clientId,
      brokers: config.KAFKA_BROKERS,
      ssl: config.KAFKA_SSL,
      ...(config.KAFKA_SASL_MECHANISM ? { sasl: saslOptions(config) } : {}),
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      retry: { initialRetryTime: 300, retries: 8 },
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => {
        const { message, ...extra } = entry.log;
        const line = `${entry.namespace}: ${message} ${JSON.stringify(extra)}`;
        if (entry.level <= logLevel.ERROR) {
          logger.error(line);
        } else if (entry.level === logLevel.WARN) {
          logger.warn(line);
        } else {
          logger.debug(line);
        }
      },
    });
  }
}

function saslOptions(config: KafkaConfig): SASLOptions {
  const credentials = {
    username: config.KAFKA_SASL_USERNAME ?? '',
    password: config.KAFKA_SASL_PASSWORD ?? '',
  };
  switch (config.KAFKA_SASL_MECHANISM) {
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', ...credentials };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', ...credentials };
    case 'plain':
    case undefined:
      return { mechanism: 'plain', ...credentials };
  }
}
