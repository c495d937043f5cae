import 'reflect-metadata';

import { KafkaBatchTransport } from '@cdc/kafka';
import { bootstrapService } from '@cdc/platform';

import { AppModule } from './app/app.module';

void bootstrapService('bigquery-sink', AppModule, { transport: KafkaBatchTransport });
