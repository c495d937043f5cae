import { EnvList } from '@cdc/platform';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';

export class ReplicationSlotConfig {
  /**
   * Logical replication slots to watch (Debezium's slot.name), comma-separated; empty turns the
   * monitor off. Their retained WAL and state are metrics and a readiness detail of this app.
   */
  @EnvList()
  @IsArray()
  @ArrayMaxSize(16)
  @Matches(/^[a-z0-9_]{1,63}$/, {
    each: true,
    message:
      'CDC_REPLICATION_SLOTS must list slot names of lowercase letters, digits and "_" (at most 63 characters each)',
  })
  CDC_REPLICATION_SLOTS: string[] = ['engagement_cdc'];
}
