import { setTimeout as sleep } from 'node:timers/promises';

import { Topics } from '@cdc/contracts';
import { DeadLetterPublisher, KafkaConfig, RecordPublisher, TopicAdmin } from '@cdc/kafka';
import { RoutePublisher, RouteTopics } from '@cdc/route-publisher';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { BackfillJobRun, type JobRunDependencies } from './backfill-job-run';
import { BackfillJobStore } from './backfill-job-store';
import { BackfillMetrics } from './backfill-metrics';
import { BackfillWorkerConfig } from './backfill-worker.config';
import { EventPageReader } from './event-page-reader';

/**
 * Claims jobs of BACKFILL_QUEUE (queued ones, abandoned ones whose lease expired, and right
 * after start-up the ones this BACKFILL_WORKER_ID held before a restart) and runs up to
 * BACKFILL_MAX_CONCURRENT_JOBS of them. On shutdown every run stops after its current page
 * and hands its job back.
 */
@Injectable()
export class BackfillWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BackfillWorker.name);
  private readonly shutdown = new AbortController();
  private readonly active = new Map<string, Promise<unknown>>();
  private loop: Promise<void> = Promise.resolve();
  private readonly deps: JobRunDependencies;

  constructor(
    private readonly config: BackfillWorkerConfig,
    private readonly kafka: KafkaConfig,
    private readonly store: BackfillJobStore,
    reader: EventPageReader,
    publisher: RecordPublisher,
    deadLetters: DeadLetterPublisher,
    private readonly admin: TopicAdmin,
    private readonly metrics: BackfillMetrics,
    routes: RoutePublisher,
    routeTopics: RouteTopics,
  ) {
    const settings = { ...config, KAFKA_TOPIC_PARTITIONS: kafka.KAFKA_TOPIC_PARTITIONS };
    this.deps = {
      config: settings,
      store,
      reader,
      publisher,
      deadLetters,
      admin,
      routes,
      routeTopics,
      metrics,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Best effort here; each job ensures the topic again before it publishes.
    await this.admin
      .ensureTopics([{ topic: Topics.backfill, partitions: this.kafka.KAFKA_TOPIC_PARTITIONS }])
      .catch((error: unknown) =>
        this.logger.warn(`Could not ensure ${Topics.backfill} yet: ${String(error)}`),
      );
    this.loop = this.pollForJobs();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await this.loop;
    await Promise.allSettled(this.active.values());
  }

  private async pollForJobs(): Promise<void> {
    let resumeOwn = true;
    const signal = this.shutdown.signal;
    while (!signal.aborted) {
      if (this.active.size < this.config.BACKFILL_MAX_CONCURRENT_JOBS) {
        try {
          const claimed = await this.store.claim({
            queue: this.config.BACKFILL_QUEUE,
            owner: this.config.BACKFILL_WORKER_ID,
            leaseMs: this.config.BACKFILL_LEASE_MS,
            resumeOwn,
            exclude: [...this.active.keys()],
          });
          if (claimed) {
            this.start(
              new BackfillJobRun(claimed.job, claimed.lease, this.deps, signal),
              claimed.job.id,
              claimed.job.claims,
            );
            continue;
          }
          resumeOwn = false;
        } catch (error) {
          this.logger.warn(`Looking for backfill jobs failed: ${String(error)}`);
        }
      }
      // Shutdown ends the wait early (a rejection); the loop condition then stops polling.
      await sleep(this.config.BACKFILL_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
  }

  private start(run: BackfillJobRun, jobId: string, claims: number): void {
    this.logger.log(`${claims > 1 ? 'Resuming' : 'Starting'} backfill ${jobId} (claim ${claims})`);
    this.metrics.activeJobs.set(this.active.size + 1);
    const running = run
      .execute()
      .then((outcome) => this.metrics.jobs.inc({ outcome }))
      .catch((error: unknown) =>
        this.logger.error(`Backfill ${jobId} stopped unexpectedly: ${String(error)}`),
      )
      .finally(() => {
        this.active.delete(jobId);
        this.metrics.activeJobs.set(this.active.size);
      });
    this.active.set(jobId, running);
  }
}
