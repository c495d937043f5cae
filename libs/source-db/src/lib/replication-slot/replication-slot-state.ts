/** pg_replication_slots.wal_status (PostgreSQL 13+): how much of the slot's WAL is still there. */
export const WAL_STATUSES = ['reserved', 'extended', 'unreserved', 'lost'] as const;
export type WalStatus = (typeof WAL_STATUSES)[number];

/** One watched slot name joined to its pg_replication_slots row (all nulls when missing). */
export interface SlotRow {
  slot: string;
  present: boolean;
  active: boolean | null;
  wal_status: string | null;
  /** pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) as text (numeric), null without restart_lsn. */
  retained_bytes: string | null;
  restart_lsn: string | null;
  confirmed_flush_lsn: string | null;
}

/**
 * What the slot means for CDC. `missing` (dropped) and `lost` (invalidated: its WAL was removed,
 * e.g. past max_slot_wal_keep_size) both mean changes were or will be lost and need the recovery
 * of deploy/debezium/README.md; `inactive` means no walsender streams from it (the connector is
 * stopped or failed) while it keeps pinning WAL.
 */
export type SlotCondition = 'streaming' | 'inactive' | 'missing' | 'lost';

export interface SlotReport {
  slot: string;
  condition: SlotCondition;
  active: boolean;
  walStatus: WalStatus | null;
  retainedWalBytes: number | null;
  restartLsn: string | null;
  confirmedFlushLsn: string | null;
}

export function reportSlot(row: SlotRow): SlotReport {
  const walStatus = (WAL_STATUSES as readonly string[]).includes(row.wal_status ?? '')
    ? (row.wal_status as WalStatus)
    : null;
  const active = row.present && row.active === true;
  const condition: SlotCondition = !row.present
    ? 'missing'
    : walStatus === 'lost'
      ? 'lost'
      : active
        ? 'streaming'
        : 'inactive';
  return {
    slot: row.slot,
    condition,
    active,
    walStatus,
    retainedWalBytes: row.retained_bytes === null ? null : Number(row.retained_bytes),
    restartLsn: row.restart_lsn,
    confirmedFlushLsn: row.confirmed_flush_lsn,
  };
}

/** One line for readiness details and logs, naming every slot that needs attention. */
export function describeSlots(reports: readonly SlotReport[]): string {
  const troubled = reports.filter((report) => report.condition !== 'streaming');
  if (troubled.length === 0) {
    return 'every replication slot is streaming';
  }
  return troubled
    .map((report) => {
      switch (report.condition) {
        case 'missing':
          return `replication slot ${report.slot} is missing (dropped): the connector cannot stream; changes since its last confirmed position need a re-snapshot or a backfill`;
        case 'lost':
          return `replication slot ${report.slot} is lost (wal_status lost, its WAL was removed): changes need a re-snapshot or a backfill`;
        case 'streaming': // filtered out above; listed so the switch stays exhaustive
          return `replication slot ${report.slot} is streaming`;
        case 'inactive':
          return `replication slot ${report.slot} is inactive (no connector streams from it) and retains ${report.retainedWalBytes ?? 'unknown'} bytes of WAL`;
      }
    })
    .join('; ');
}

/**
 * The query of the monitor: each watched name, present or not, with its retained WAL measured
 * against the current WAL position at this moment.
 */
export const SLOT_QUERY = `
  SELECT w.slot,
         s.slot_name IS NOT NULL AS present,
         s.active,
         s.wal_status,
         pg_wal_lsn_diff(pg_current_wal_lsn(), s.restart_lsn)::text AS retained_bytes,
         s.restart_lsn::text AS restart_lsn,
         s.confirmed_flush_lsn::text AS confirmed_flush_lsn
    FROM unnest($1::text[]) WITH ORDINALITY AS w(slot, position)
    LEFT JOIN pg_replication_slots s ON s.slot_name = w.slot
   ORDER BY w.position`;
