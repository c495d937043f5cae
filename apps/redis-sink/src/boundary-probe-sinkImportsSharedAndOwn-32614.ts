import { Topics } from '@cdc/contracts';
import * as store from '@cdc/redis-store';
export const probe = [Topics, store];
