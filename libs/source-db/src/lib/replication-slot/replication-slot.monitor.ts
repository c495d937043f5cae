import { MetricsRegistry, ReadinessRegistry } from '@cdc/platform';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

import { ReplicationSlotConfig } from './replication-slot.config';
import {
  describeSlots,
  reportSlot,
  SLOT_QUERY,
  type SlotReport,
  type SlotRow,
  WAL_STATUSES,
} from './replication-slot-state';

export const SLOT_READINESS_INDICATOR = 'replication-slots';

/**
 * Reads pg_replication_slots for the watched slots on every scrape and every GET /health (not
 * on a timer), so the retained WAL is the figure of that moment. Concurrent readers (the four
 * gauges of one scrape, a probe) share one query.
 *
 * The readiness indicator stays up and names the slot's condition in its details: a missing or
 * lost slot is an alert (ReplicationSlotLost), not a reason to take this app out of service; the
 * app registering the monitor (backfill) is the one the recovery needs.
 */
@Injectable()
export class ReplicationSlotMonitor implements OnModuleInit {
  private readonly logger = new Logger(ReplicationSlotMonitor.name);
  private inflight: Promise<SlotReport[] | Error> | undefined;
  private lastDescription = '';
  private gauges:
    | {
        retained: Gauge<'slot'>;
        active: Gauge<'slot'>;
        present: Gauge<'slot'>;
        walStatus: Gauge<'slot' | 'wal_status'>;
      }
    | undefined;

  constructor(
    private readonly config: ReplicationSlotConfig,
    private readonly metrics: MetricsRegistry,
    private readonly readiness: ReadinessRegistry,
    private readonly indicator: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    if (this.config.CDC_REPLICATION_SLOTS.length === 0) {
      return;
    }
    const collect = async (): Promise<void> => {
      await this.sample();
    };
    this.gauges = {
      retained: this.metrics.gauge(
        'cdc_replication_slot_retained_wal_bytes',
        'WAL the replication slot keeps on the server: pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), read at scrape time; absent while the slot is missing or lost',
        ['slot'],
        collect,
      ),
      active: this.metrics.gauge(
        'cdc_replication_slot_active',
        'Whether a walsender (the Debezium connector) streams from the slot: 1 yes, 0 no (also when it is missing)',
        ['slot'],
        collect,
      ),
      present: this.metrics.gauge(
        'cdc_replication_slot_present',
        'Whether the slot exists in pg_replication_slots: 1 yes, 0 missing (dropped)',
        ['slot'],
        collect,
      ),
      walStatus: this.metrics.gauge(
        'cdc_replication_slot_wal_status',
        'pg_replication_slots.wal_status of the slot: 1 for the current one (reserved, extended, unreserved, lost), 0 for the others',
        ['slot', 'wal_status'],
        collect,
      ),
    };
    this.readiness.register(SLOT_READINESS_INDICATOR, async () => {
      const check = this.indicator.check(SLOT_READINESS_INDICATOR);
      const sampled = await this.sample();
      if (sampled instanceof Error) {
        return check.up({ message: `could not read pg_replication_slots: ${sampled.message}` });
      }
      return check.up({
        message: describeSlots(sampled),
        slots: Object.fromEntries(sampled.map((report) => [report.slot, report.condition])),
      });
    });
  }

  /** The watched slots now, or the error of the query (the gauges are then cleared). */
  sample(): Promise<SlotReport[] | Error> {
    this.inflight ??= this.read().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async read(): Promise<SlotReport[] | Error> {
    const gauges = this.gauges;
    if (!gauges) {
      return new Error(
        'the replication slot monitor watches no slot (CDC_REPLICATION_SLOTS is empty)',
      );
    }
    try {
      const rows = (await this.dataSource.query(SLOT_QUERY, [
        this.config.CDC_REPLICATION_SLOTS,
      ])) as SlotRow[];
      const reports = rows.map(reportSlot);
      Object.values(gauges).forEach((gauge) => gauge.reset());
      for (const report of reports) {
        const slot = report.slot;
        gauges.present.set({ slot }, report.condition === 'missing' ? 0 : 1);
        gauges.active.set({ slot }, report.active ? 1 : 0);
        if (report.retainedWalBytes !== null) {
          gauges.retained.set({ slot }, report.retainedWalBytes);
        }
        if (report.condition !== 'missing') {
          for (const status of WAL_STATUSES) {
            gauges.walStatus.set({ slot, wal_status: status }, report.walStatus === status ? 1 : 0);
          }
        }
      }
      this.logChange(describeSlots(reports), reports);
      return reports;
    } catch (error) {
      Object.values(gauges).forEach((gauge) => gauge.reset());
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Logs when the picture changes, not on every scrape. */
  private logChange(description: string, reports: readonly SlotReport[]): void {
    if (description === this.lastDescription) {
      return;
    }
    this.lastDescription = description;
    if (reports.every((report) => report.condition === 'streaming')) {
      this.logger.log(description);
    } else {
      this.logger.warn(description);
    }
  }
}
