import { connect } from 'node:net';

// Jest loads global setup outside its module resolver, so the @cdc/testing alias cannot be used here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { stackEnvironment } from '../../../../libs/testing/src/lib/stack-environment';

/** Fails fast, with the command to run, when the local stack is not up. */
export default async function globalSetup(): Promise<void> {
  const [kafkaHost, kafkaPort] = stackEnvironment.KAFKA_BROKERS.split(',')[0]!.split(':');
  const endpoints = [
    ['Kafka', kafkaHost!, Number(kafkaPort)],
    ['Postgres', stackEnvironment.PG_HOST, Number(stackEnvironment.PG_PORT)],
    ['Redis', stackEnvironment.REDIS_HOST, Number(stackEnvironment.REDIS_PORT)],
  ] as const;
  for (const [name, host, port] of endpoints) {
    const reachable = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (!reachable) {
      throw new Error(
        `${name} is not reachable on ${host}:${port}. Start the local stack: npm run stack -- up`,
      );
    }
  }
}
