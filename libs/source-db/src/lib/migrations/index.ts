import { CreateSourceSchema1763769600000 } from './1763769600000-create-source-schema';

/** Every migration, in order. New migrations are appended here. */
export const SOURCE_MIGRATIONS = [CreateSourceSchema1763769600000];
