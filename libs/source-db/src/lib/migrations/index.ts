import { CreateSourceSchema1763769600000 } from './1763769600000-create-source-schema';
import { CreateBackfillJobs1763856000000 } from './1763856000000-create-backfill-jobs';
import { BackfillJobsRoutesTarget1796169600000 } from './1796169600000-backfill-jobs-routes-target';
import { CreateCdcHeartbeat1796256000000 } from './1796256000000-create-cdc-heartbeat';

/** Every migration, in order. New migrations are appended here. */
export const SOURCE_MIGRATIONS = [
  CreateSourceSchema1763769600000,
  CreateBackfillJobs1763856000000,
  BackfillJobsRoutesTarget1796169600000,
  CreateCdcHeartbeat1796256000000,
];
