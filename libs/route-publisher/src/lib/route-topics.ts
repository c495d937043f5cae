import { TopicAdmin } from '@cdc/kafka';
import { RouteTable } from '@cdc/routing';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { RoutesConfig } from './routes.config';
import { RoutesFileError } from './routes-file';

/**
 * Route topics are created by the services that write them, before the first copy, with the
 * partition count of the routes file. A topic that exists with another count stops the
 * service: re-partitioning a keyed topic would move contents between partitions and break
 * their order, so a route that needs more partitions gets a new topic name instead.
 */
@Injectable()
export class RouteTopics implements OnApplicationBootstrap {
  private readonly logger = new Logger(RouteTopics.name);
  private ensured: Promise<void> | null = null;

  constructor(
    private readonly table: RouteTable,
    private readonly admin: TopicAdmin,
    private readonly config: RoutesConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.table.size === 0) {
      return;
    }
    await this.ensure();
    this.logger.log(
      `${this.table.size} route(s) from ${this.config.ROUTES_FILE}: ${this.table.describe().join('; ')}`,
    );
  }

  /** Creates the missing route topics and checks the existing ones, once per process. */
  ensure(): Promise<void> {
    this.ensured ??= this.createAndCheck().catch((error: unknown) => {
      this.ensured = null;
      throw error;
    });
    return this.ensured;
  }

  /** Existing topics are checked first, from metadata; the missing ones are then created. */
  private async createAndCheck(): Promise<void> {
    const specs = this.table.topics();
    const existing = new Set(await this.admin.listTopics());
    const counts = await this.admin.partitionCounts(
      specs.filter(({ topic }) => existing.has(topic)).map(({ topic }) => topic),
    );
    const problems: string[] = [];
    for (const { topic, partitions, routes } of specs) {
      const actual = counts.get(topic);
      if (actual !== undefined && actual !== partitions) {
        problems.push(
          `route "${routes[0]}": topic ${topic} exists with ${actual} partitions, the routes file asks for ${partitions} (give the route a new topic to change it)`,
        );
      }
    }
    if (problems.length > 0) {
      throw new RoutesFileError(this.config.ROUTES_FILE, problems);
    }
    await this.admin.ensureTopics(specs.map(({ topic, partitions }) => ({ topic, partitions })));
  }
}
