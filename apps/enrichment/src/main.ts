import 'reflect-metadata';

import { KafkaBatchTransport } from '@cdc/kafka';
import { bootstrapService } from '@cdc/platform';
import { checkRoutesAndExit, checkRoutesRequested } from '@cdc/route-publisher';

import { AppModule } from './app/app.module';

if (checkRoutesRequested()) {
  checkRoutesAndExit('enrichment');
} else {
  void bootstrapService('enrichment', AppModule, { transport: KafkaBatchTransport });
}
