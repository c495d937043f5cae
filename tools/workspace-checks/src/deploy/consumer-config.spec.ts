import { type AppConfiguration, appConfigurations, defaultOf } from './app-configurations';
import { appNames } from './workspace-files';

/** The knobs of ConsumerConfig (libs/kafka), spelled once for every app that consumes Kafka. */
const CONSUMER_KNOBS = [
  'CONSUMER_GROUP_ID',
  'CONSUMER_MAX_WAIT_MS',
  'CONSUMER_CONCURRENCY',
  'RETRY_INITIAL_MS',
  'RETRY_MAX_MS',
  'CONSUMER_STUCK_AFTER_MS',
  'CONSUMER_TOPIC_WAIT_MS',
] as const;

/** Each consuming app's defaults (its config class overrides ConsumerConfig's where it differs). */
const DEFAULTS: Record<string, Record<(typeof CONSUMER_KNOBS)[number], unknown>> = {
  enrichment: {
    CONSUMER_GROUP_ID: 'enrichment',
    CONSUMER_MAX_WAIT_MS: 5_000,
    CONSUMER_CONCURRENCY: 16,
    RETRY_INITIAL_MS: 200,
    RETRY_MAX_MS: 5_000,
    CONSUMER_STUCK_AFTER_MS: 60_000,
    CONSUMER_TOPIC_WAIT_MS: 300_000,
  },
  'redis-sink': {
    CONSUMER_GROUP_ID: 'redis-sink',
    CONSUMER_MAX_WAIT_MS: 5_000,
    CONSUMER_CONCURRENCY: 16,
    RETRY_INITIAL_MS: 200,
    RETRY_MAX_MS: 5_000,
    CONSUMER_STUCK_AFTER_MS: 60_000,
    CONSUMER_TOPIC_WAIT_MS: 300_000,
  },
  'bigquery-sink': {
    CONSUMER_GROUP_ID: 'bigquery-sink',
    CONSUMER_MAX_WAIT_MS: 5_000,
    CONSUMER_CONCURRENCY: 16,
    RETRY_INITIAL_MS: 500,
    RETRY_MAX_MS: 30_000,
    CONSUMER_STUCK_AFTER_MS: 60_000,
    CONSUMER_TOPIC_WAIT_MS: 300_000,
  },
  'webhook-sink': {
    CONSUMER_GROUP_ID: 'webhook-sink',
    CONSUMER_MAX_WAIT_MS: 5_000,
    CONSUMER_CONCURRENCY: 16,
    RETRY_INITIAL_MS: 200,
    RETRY_MAX_MS: 5_000,
    CONSUMER_STUCK_AFTER_MS: 60_000,
    CONSUMER_TOPIC_WAIT_MS: 300_000,
  },
};

/**
 * One spelling per knob: a consumer group, a partition concurrency or a batch backoff under
 * an app-specific name would be a second way to set the same thing.
 */
const OTHER_SPELLINGS = [
  /GROUP_ID$/,
  /CONCURRENCY|CONCURRENTLY/,
  /PARTITIONS_CONSUMED/,
  /RETRY_(INITIAL|MAX)_MS$/,
];

describe('consumer settings are ConsumerConfig, the same on every consuming app', () => {
  let configs: Map<string, AppConfiguration>;

  beforeAll(() => {
    configs = appConfigurations(appNames());
  });

  const names = (app: string) => configs.get(app)!.variables.map((variable) => variable.name);

  it.each(Object.keys(DEFAULTS))('%s declares the consumer knobs with its defaults', (app) => {
    const declared = Object.fromEntries(
      CONSUMER_KNOBS.map((knob) => [
        knob,
        names(app).includes(knob) ? defaultOf(configs.get(app)!, knob) : '(not declared)',
      ]),
    );
    expect(declared).toEqual(DEFAULTS[app]);
  });

  it.each(Object.keys(DEFAULTS))('%s spells no consumer knob another way', (app) => {
    expect(
      names(app).filter(
        (name) =>
          !(CONSUMER_KNOBS as readonly string[]).includes(name) &&
          !name.startsWith('WEBHOOK_RETRY_') &&
          OTHER_SPELLINGS.some((pattern) => pattern.test(name)),
      ),
    ).toEqual([]);
  });

  it('the apps that consume nothing declare no consumer knob', () => {
    const others = appNames().filter((app) => !(app in DEFAULTS));
    expect(others).toEqual(['backfill']);
    for (const app of others) {
      expect(
        names(app).filter(
          (name) =>
            (CONSUMER_KNOBS as readonly string[]).includes(name) ||
            OTHER_SPELLINGS.some((pattern) => pattern.test(name)),
        ),
      ).toEqual([]);
    }
  });
});
