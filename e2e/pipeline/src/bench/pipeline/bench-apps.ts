import { cdcTopic, SourceTables, Topics } from '@cdc/contracts';
import { stackEnvironment } from '@cdc/testing';
import { Redis } from 'ioredis';

import {
  AppHarness,
  BigQueryFixture,
  BQ_PROJECT,
  deleteKeysUnder,
  E2E_WEBHOOK_SECRET,
  ReceiverProcess,
} from '../../harness';

/** The benchmark's HTTP ports: away from `npm run dev` (3001-3005) and the e2e tables (41xx). */
export const BENCH_PORTS = {
  enrichment: 4201,
  redisSink: 4202,
  bigquerySink: 4203,
  webhookSink: 4204,
  backfill: 4205,
  webhookReceiver: 4290,
} as const;

const SINK_TOPICS = [Topics.enriched, Topics.backfill];

export interface BenchAppOptions {
  /** A directory for V8 CPU profiles of every app (written when the apps stop). */
  profileDir: string | null;
  /** Variables per app over its defaults, to measure a setting (--set app:NAME=value). */
  env: Record<string, Record<string, string>>;
}

/**
 * One app as `npm run dev` runs it (its defaults: no end-to-end timings), in a consumer group
 * and data namespace of the run's own, so the benchmark reads only the events it inserts.
 */
class BenchApp extends AppHarness {
  constructor(
    appName: string,
    inputTopics: readonly string[],
    port: number,
    private readonly variables: (prefix: string) => Record<string, string>,
    options: BenchAppOptions,
    private readonly removeData: (prefix: string) => Promise<void> = () => Promise.resolve(),
  ) {
    super(appName, inputTopics, {
      name: 'bench',
      port,
      env: { LOG_LEVEL: 'warn', ...options.env[appName] },
      nodeArgs: options.profileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}/${appName}`]
        : [],
    });
  }

  protected appEnvironment(): Record<string, string> {
    return this.variables(this.prefix);
  }

  protected override cleanup(): Promise<void> {
    return this.removeData(this.prefix);
  }
}

export interface BenchApps {
  enrichment: AppHarness;
  redisSink: AppHarness;
  bigquerySink: AppHarness;
  webhookSink: AppHarness;
  backfill: AppHarness;
  receiver: ReceiverProcess;
  /** The Redis key prefix and BigQuery dataset of the run. */
  redisPrefix: string;
  dataset: string;
  all: readonly AppHarness[];
}

const datasetOf = (prefix: string) => prefix.replace(/-/g, '_');

export function benchApps(options: BenchAppOptions = { profileDir: null, env: {} }): BenchApps {
  const receiver = new ReceiverProcess(BENCH_PORTS.webhookReceiver);
  const enrichment = new BenchApp(
    'enrichment',
    [cdcTopic(stackEnvironment.CDC_TOPIC_PREFIX, SourceTables.engagementEvents)],
    BENCH_PORTS.enrichment,
    () => ({}),
    options,
  );
  const redisSink = new BenchApp(
    'redis-sink',
    SINK_TOPICS,
    BENCH_PORTS.redisSink,
    (prefix) => ({
      REDIS_HOST: stackEnvironment.REDIS_HOST,
      REDIS_PORT: stackEnvironment.REDIS_PORT,
      REDIS_KEY_PREFIX: prefix,
    }),
    options,
    deleteRedisKeys,
  );
  const bigquerySink = new BenchApp(
    'bigquery-sink',
    SINK_TOPICS,
    BENCH_PORTS.bigquerySink,
    (prefix) => ({
      BIGQUERY_PROJECT_ID: BQ_PROJECT,
      BIGQUERY_API_ENDPOINT: stackEnvironment.BIGQUERY_API_ENDPOINT,
      BIGQUERY_DATASET: datasetOf(prefix),
    }),
    options,
    (prefix) => new BigQueryFixture().dropDataset(datasetOf(prefix)),
  );
  const webhookSink = new BenchApp(
    'webhook-sink',
    SINK_TOPICS,
    BENCH_PORTS.webhookSink,
    () => ({ WEBHOOK_URL: receiver.webhookUrl, WEBHOOK_SECRET: E2E_WEBHOOK_SECRET }),
    options,
  );
  const backfill = new BenchApp(
    'backfill',
    [],
    BENCH_PORTS.backfill,
    (prefix) => ({ BACKFILL_API_TOKEN: 'bench-backfill-token-0123456789', BACKFILL_QUEUE: prefix }),
    options,
  );
  return {
    enrichment,
    redisSink,
    bigquerySink,
    webhookSink,
    backfill,
    receiver,
    redisPrefix: redisSink.prefix,
    dataset: datasetOf(bigquerySink.prefix),
    all: [enrichment, redisSink, bigquerySink, webhookSink, backfill],
  };
}

/** Starts the receiver and every app, each group placed at the current end of its topics. */
export async function startBenchApps(apps: BenchApps): Promise<void> {
  await apps.receiver.start({ RECEIVER_MAX_RECORDED: '2000000' });
  for (const app of apps.all) {
    if (app.inputTopics.length > 0) {
      await app.placeAtEnd();
    }
  }
  await Promise.all(apps.all.map((app) => app.start({}, 120_000)));
}

export async function stopBenchApps(apps: BenchApps): Promise<void> {
  await Promise.allSettled(apps.all.map((app) => app.close()));
  await apps.receiver.stop();
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis({
    host: stackEnvironment.REDIS_HOST,
    port: Number(stackEnvironment.REDIS_PORT),
    lazyConnect: true,
  });
  await redis.connect();
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
