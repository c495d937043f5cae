import 'reflect-metadata';

import { bootstrapService } from '@cdc/platform';
import { checkRoutesAndExit, checkRoutesRequested } from '@cdc/route-publisher';

import { AppModule } from './app/app.module';

if (checkRoutesRequested()) {
  checkRoutesAndExit('backfill');
} else {
  void bootstrapService('backfill', AppModule);
}
