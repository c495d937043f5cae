import { RouteTable } from '@cdc/routing';
import { Module } from '@nestjs/common';

import { RouteMetrics } from './route-metrics';
import { RoutePublisher } from './route-publisher';
import { RouteTopics } from './route-topics';
import { RoutesConfig } from './routes.config';
import { loadRoutesFile } from './routes-file';

/**
 * Routing for an app that publishes enriched records. Needs RoutesConfig among the app's
 * config parts, and KafkaModule and PlatformModule. The routes file is read and validated
 * while the app is created, so an invalid file stops it before anything is consumed.
 */
@Module({
  providers: [
    {
      provide: RouteTable,
      inject: [RoutesConfig],
      useFactory: (config: RoutesConfig) => loadRoutesFile(config.ROUTES_FILE),
    },
    RouteMetrics,
    RoutePublisher,
    RouteTopics,
  ],
  exports: [RouteTable, RoutePublisher, RouteTopics],
})
export class RoutesModule {}
