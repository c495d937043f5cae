import { randomUUID } from 'node:crypto';

import type { PartitionOffset, TopicAdmin } from '@cdc/kafka';
import { AppProcess, KafkaFixture, metricValue } from '@cdc/testing';

import { baseAppEnvironment } from './app-environment';

export type TopicPositions = Map<string, PartitionOffset[]>;

export interface HarnessOptions {
  /** Names the test file: part of the consumer group and of the prefix of the app's data. */
  name: string;
  /** HTTP port; the areas keep ports of their own (ports.ts) so that files never collide. */
  port?: number;
  /** Variables of every start of this harness, over the app's end-to-end defaults. */
  env?: Record<string, string>;
  /** Flags for node itself, before the app's script. */
  nodeArgs?: readonly string[];
}

/**
 * One built app of an end-to-end test file, with the lifecycle every area shares:
 *
 *   placeAtEnd() → start(env?) → metrics() / metric(name, labels) → kill(signal) → restart()
 *   → close()
 *
 * The shared input topics hold every record any test ever produced, so a harness runs the app
 * in a consumer group of its own (CONSUMER_GROUP_ID), placed where the test wants it (usually
 * the current end: the app reads only what the test produces, and whatever runs alongside),
 * and keeps the app's data under a prefix unique to the file. close() stops the app and
 * removes both.
 */
export abstract class AppHarness {
  /** e2e-<name>-<unique>: the app's data namespace (key prefix, dataset, job queue). */
  readonly prefix: string;
  readonly groupId: string;
  readonly kafka = new KafkaFixture();
  readonly port: number;
  /** Where placeAt() put the group: rewind() goes back there. */
  startOffsets: TopicPositions = new Map();
  private current: AppProcess | null = null;
  private overrides: Record<string, string> = {};
  private readonly ownsGroup: boolean;
  /** Whether the group can exist: placed, or joined by a started app (a spawned one may fail first). */
  private groupUsed = false;

  /** `sharedGroup`: the app runs in that group instead, which the harness never moves nor deletes. */
  protected constructor(
    readonly appName: string,
    readonly inputTopics: readonly string[],
    private readonly options: HarnessOptions & { port: number },
    sharedGroup?: string,
  ) {
    const unique = randomUUID().slice(0, 8);
    this.prefix = `e2e-${options.name}-${unique}`;
    this.groupId = sharedGroup ?? `${appName}-e2e-${options.name}-${unique}`;
    this.ownsGroup = sharedGroup === undefined;
    this.port = options.port;
  }

  /** The app's own end-to-end variables: its data namespace, fast timings. */
  protected abstract appEnvironment(): Record<string, string>;

  /** Removes what the app wrote under the prefix; the app has stopped. Nothing by default. */
  protected cleanup(): Promise<void> {
    return Promise.resolve();
  }

  /** The environment of the current (or next) process. */
  get environment(): Record<string, string> {
    return {
      ...baseAppEnvironment,
      ...(this.inputTopics.length > 0 ? { CONSUMER_GROUP_ID: this.groupId } : {}),
      ...this.appEnvironment(),
      ...this.options.env,
      ...this.overrides,
    };
  }

  /** The current process (not started before start()). */
  get app(): AppProcess {
    this.current ??= new AppProcess(
      this.appName,
      this.environment,
      this.port,
      this.options.nodeArgs,
    );
    return this.current;
  }

  get admin(): TopicAdmin {
    return this.kafka.admin;
  }

  /** The current end of the input topics, created first as the apps would create them. */
  async endOffsets(): Promise<TopicPositions> {
    await this.kafka.ensureTopics(this.inputTopics);
    const positions: TopicPositions = new Map();
    for (const topic of this.inputTopics) {
      positions.set(topic, await this.admin.endOffsets(topic));
    }
    return positions;
  }

  /** Commits the group at these positions; the app must not be running. */
  async placeAt(positions: TopicPositions): Promise<void> {
    if (!this.ownsGroup) {
      throw new Error(
        `${this.appName} runs in the shared group ${this.groupId}; tests never move it`,
      );
    }
    for (const [topic, offsets] of positions) {
      await this.admin.setGroupOffsets(this.groupId, topic, offsets);
    }
    this.startOffsets = positions;
    this.groupUsed = true;
  }

  /** Commits the group at the current end of its input topics, so that it skips history. */
  async placeAtEnd(): Promise<void> {
    await this.placeAt(await this.endOffsets());
  }

  /** Moves the (stopped) group back to where it was placed; returns how many records it re-reads. */
  async rewind(): Promise<number> {
    let records = 0;
    for (const topic of this.inputTopics) {
      const start = this.startOffsets.get(topic) ?? [];
      await this.admin.setGroupOffsets(this.groupId, topic, start);
      for (const { partition, offset } of await this.admin.endOffsets(topic)) {
        records +=
          Number(offset) -
          Number(start.find((entry) => entry.partition === partition)?.offset ?? '0');
      }
    }
    return records;
  }

  committedOffsets(topic: string): Promise<PartitionOffset[]> {
    return this.admin.committedOffsets(this.groupId, topic);
  }

  /**
   * Starts a new process with `env` over the harness's environment and waits until /health
   * answers 200 (a process still running is stopped first).
   */
  async start(env: Record<string, string> = {}, timeoutMs?: number): Promise<AppProcess> {
    this.groupUsed = true;
    return (await this.renew(env)).start(timeoutMs);
  }

  /** Starts a new process without waiting, e.g. to watch it fail on bad configuration. */
  async spawn(env: Record<string, string> = {}): Promise<AppProcess> {
    return (await this.renew(env)).spawn();
  }

  /** The same process again, same environment ("the same pod"), after a kill or a stop. */
  async restart(timeoutMs?: number): Promise<AppProcess> {
    this.groupUsed = true;
    await this.app.kill('SIGTERM');
    return this.app.start(timeoutMs);
  }

  /** Sends a signal and resolves with the exit code once the process has ended. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    return this.current?.kill(signal) ?? Promise.resolve(null);
  }

  stop(): Promise<number | null> {
    return this.kill('SIGTERM');
  }

  /** The app's /metrics, as Prometheus text. */
  metrics(): Promise<string> {
    return this.app.metrics();
  }

  /** metricValue (the sum of the samples whose labels include `labels`) over /metrics, now. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return metricValue(await this.metrics(), name, labels);
  }

  /** Stops the app, removes its data and its consumer group, closes the Kafka clients. */
  async close(): Promise<void> {
    await this.stop();
    await this.cleanup().catch((error: unknown) =>
      console.warn(
        `${this.appName}: could not remove the data under ${this.prefix}: ${String(error)}`,
      ),
    );
    if (this.ownsGroup && this.inputTopics.length > 0 && this.groupUsed) {
      await this.admin.deleteGroup(this.groupId);
    }
    await this.kafka.close();
  }

  private async renew(env: Record<string, string>): Promise<AppProcess> {
    await this.current?.kill('SIGTERM');
    this.overrides = env;
    this.current = new AppProcess(this.appName, this.environment, this.port, this.options.nodeArgs);
    return this.current;
  }
}
