import { Module } from '@nestjs/common';

import { ReplicationSlotMonitor } from './replication-slot.monitor';

/**
 * The replication slot monitor (metrics cdc_replication_slot_*, readiness detail
 * "replication-slots"). Import it in ONE app that has the source database connection
 * (SourceDbModule) and ReplicationSlotConfig in its config: two apps would report the same slot twice.
 */
@Module({ providers: [ReplicationSlotMonitor], exports: [ReplicationSlotMonitor] })
export class ReplicationSlotMonitorModule {}
