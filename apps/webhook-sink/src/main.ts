import 'reflect-metadata';

import { KafkaBatchTransport } from '@cdc/kafka';
import { bootstrapService } from '@cdc/platform';

import { AppModule } from './app/app.module';

void bootstrapService('webhook-sink', AppModule, { transport: KafkaBatchTransport });
