import { describeSlots, reportSlot, type SlotRow } from './replication-slot-state';

const streaming: SlotRow = {
  slot: 'engagement_cdc',
  present: true,
  active: true,
  wal_status: 'reserved',
  retained_bytes: '4504',
  restart_lsn: '0/3CE13410',
  confirmed_flush_lsn: '0/3CE143D0',
};

describe('reportSlot', () => {
  it('reads a streaming slot with its retained WAL as a number', () => {
    expect(reportSlot(streaming)).toEqual({
      slot: 'engagement_cdc',
      condition: 'streaming',
      active: true,
      walStatus: 'reserved',
      retainedWalBytes: 4504,
      restartLsn: '0/3CE13410',
      confirmedFlushLsn: '0/3CE143D0',
    });
  });

  it('a present slot without a walsender is inactive', () => {
    expect(reportSlot({ ...streaming, active: false, wal_status: 'extended' })).toMatchObject({
      condition: 'inactive',
      active: false,
      walStatus: 'extended',
    });
  });

  it('a slot absent from pg_replication_slots is missing, with nothing retained', () => {
    expect(
      reportSlot({
        slot: 'engagement_cdc',
        present: false,
        active: null,
        wal_status: null,
        retained_bytes: null,
        restart_lsn: null,
        confirmed_flush_lsn: null,
      }),
    ).toEqual({
      slot: 'engagement_cdc',
      condition: 'missing',
      active: false,
      walStatus: null,
      retainedWalBytes: null,
      restartLsn: null,
      confirmedFlushLsn: null,
    });
  });

  it('an invalidated slot (wal_status lost, no restart_lsn) is lost, even while a walsender holds it', () => {
    expect(
      reportSlot({ ...streaming, wal_status: 'lost', retained_bytes: null, restart_lsn: null }),
    ).toMatchObject({ condition: 'lost', active: true, walStatus: 'lost', retainedWalBytes: null });
  });

  it('an unknown wal_status (a newer PostgreSQL) is reported as none', () => {
    expect(reportSlot({ ...streaming, wal_status: 'conflicting' })).toMatchObject({
      condition: 'streaming',
      walStatus: null,
    });
  });
});

describe('describeSlots', () => {
  it('names every slot that needs attention, and says so when none does', () => {
    expect(describeSlots([reportSlot(streaming)])).toBe('every replication slot is streaming');
    expect(
      describeSlots([
        reportSlot(streaming),
        reportSlot({ ...streaming, slot: 'a', active: false }),
        reportSlot({
          ...streaming,
          slot: 'b',
          present: false,
          active: null,
          wal_status: null,
          retained_bytes: null,
        }),
        reportSlot({ ...streaming, slot: 'c', wal_status: 'lost', retained_bytes: null }),
      ]),
    ).toBe(
      'replication slot a is inactive (no connector streams from it) and retains 4504 bytes of WAL; ' +
        'replication slot b is missing (dropped): the connector cannot stream; changes since its last confirmed position need a re-snapshot or a backfill; ' +
        'replication slot c is lost (wal_status lost, its WAL was removed): changes need a re-snapshot or a backfill',
    );
  });
});
