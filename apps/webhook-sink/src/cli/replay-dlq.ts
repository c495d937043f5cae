import 'reflect-metadata';

import { KafkaClient, TopicAdmin } from '@cdc/kafka';
import { loadEnvironment, MetricsRegistry } from '@cdc/platform';
import { WebhookDeliverer, WebhookMetrics } from '@cdc/webhook-delivery';

import { deliveryOptionsFrom, WebhookSinkConfig } from '../app/webhook-sink.config';
import { DeadLetterReplayer } from './dead-letter-replayer';
import { parseReplayArgs } from './replay-options';

/**
 * `npx nx run webhook-sink:replay-dlq -- [filters]`: re-delivers webhook dead letters with the
 * sink's own configuration (WEBHOOK_URL, secret, timeouts, retry and breaker settings).
 * Prints a line per letter, then the report as one JSON line. Exit 0 when nothing failed.
 */
async function main(): Promise<number> {
  const options = parseReplayArgs(process.argv.slice(2));
  const config = loadEnvironment(WebhookSinkConfig, process.env);
  const client = new KafkaClient(config, 'webhook-sink-replay');
  const admin = new TopicAdmin(client, config);
  const deliverer = new WebhookDeliverer(
    deliveryOptionsFrom(config),
    new WebhookMetrics(new MetricsRegistry()),
  );
  try {
    const report = await new DeadLetterReplayer(client, admin, deliverer).replay(options, (line) =>
      process.stderr.write(`replay-dlq: ${line}\n`),
    );
    process.stderr.write(
      `replay-dlq: scanned ${report.scanned}, matched ${report.matched}, delivered ${report.delivered}, failed ${report.failed}, undecodable ${report.undecodable}\n`,
    );
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report.failed + report.undecodable === 0 ? 0 : 2;
  } finally {
    await deliverer.close();
    await admin.onApplicationShutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `replay-dlq failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
