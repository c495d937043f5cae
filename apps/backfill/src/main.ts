import 'reflect-metadata';

import { bootstrapService } from '@cdc/platform';

import { AppModule } from './app/app.module';

void bootstrapService('backfill', AppModule);
