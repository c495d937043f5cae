import type { DeadLetterRecordV1 } from '@cdc/contracts';

import { matchesReplay, parseReplayArgs, REPLAY_USAGE } from './replay-options';

function letter(overrides: Partial<DeadLetterRecordV1>): DeadLetterRecordV1 {
  return {
    event_id: '42',
    last_status: 400,
    failed_at: '2026-11-22T10:00:00.000Z',
    ...overrides,
  } as DeadLetterRecordV1;
}

describe('replay options', () => {
  it('parses every filter and the dry-run flag, ignoring a bare "--"', () => {
    const options = parseReplayArgs([
      '--',
      '--event-id=1, 2',
      '--status=400,none',
      '--since=2026-11-22T09:00:00Z',
      '--until=2026-11-22T11:00:00Z',
      '--dry-run',
    ]);
    expect(options).toEqual({
      eventIds: new Set(['1', '2']),
      statuses: new Set(['400', 'none']),
      since: Date.parse('2026-11-22T09:00:00Z'),
      until: Date.parse('2026-11-22T11:00:00Z'),
      dryRun: true,
    });
  });

  it('reads no filter and no dry run from no arguments', () => {
    expect(parseReplayArgs([])).toEqual({
      eventIds: null,
      statuses: null,
      since: null,
      until: null,
      dryRun: false,
    });
  });

  it('takes the last of a repeated filter', () => {
    expect(parseReplayArgs(['--status=400', '--status=503']).statuses).toEqual(new Set(['503']));
  });

  it.each([
    ['--all'],
    ['--all=3'],
    ['replay'],
    ['-h'],
    ['--event-id'],
    ['--event-id='],
    ['--dry-run=yes'],
  ])('rejects %s, naming it, with the usage', (arg) => {
    expect(() => parseReplayArgs(['--dry-run', arg])).toThrow(
      new Error(`Unknown argument ${arg}\n${REPLAY_USAGE}`),
    );
  });

  it('takes values only in the --flag=value form of the usage', () => {
    expect(() => parseReplayArgs(['--event-id', '42'])).toThrow(
      new Error(`Unknown argument --event-id\n${REPLAY_USAGE}`),
    );
  });

  it('rejects unreadable times, naming them', () => {
    expect(() => parseReplayArgs(['--since=yesterday'])).toThrow(
      new Error('--since must be an ISO-8601 time, got yesterday'),
    );
    expect(() => parseReplayArgs(['--until=soon'])).toThrow(
      new Error('--until must be an ISO-8601 time, got soon'),
    );
  });

  it('matches everything without filters', () => {
    expect(matchesReplay(letter({}), parseReplayArgs([]))).toBe(true);
  });

  it('matches by event id, by status ("none" for no response) and by failed_at in [since, until)', () => {
    const options = parseReplayArgs([
      '--event-id=42,43',
      '--status=400,none',
      '--since=2026-11-22T10:00:00Z',
      '--until=2026-11-22T11:00:00Z',
    ]);
    expect(matchesReplay(letter({}), options)).toBe(true);
    expect(matchesReplay(letter({ event_id: '43', last_status: null }), options)).toBe(true);
    expect(matchesReplay(letter({ event_id: '44' }), options)).toBe(false);
    expect(matchesReplay(letter({ event_id: null }), options)).toBe(false);
    expect(matchesReplay(letter({ last_status: 503 }), options)).toBe(false);
    expect(matchesReplay(letter({ failed_at: '2026-11-22T09:59:59.999Z' }), options)).toBe(false);
    expect(matchesReplay(letter({ failed_at: '2026-11-22T11:00:00.000Z' }), options)).toBe(false);
  });
});
