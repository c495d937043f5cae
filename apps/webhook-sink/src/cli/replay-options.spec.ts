import type { DeadLetterRecordV1 } from '@cdc/contracts';
import { matchesReplay, parseReplayArgs } from './replay-options';

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

  it('rejects unknown arguments and unreadable times, naming them', () => {
    expect(() => parseReplayArgs(['--all'])).toThrow('Unknown argument --all');
    expect(() => parseReplayArgs(['--since=yesterday'])).toThrow(
      '--since must be an ISO-8601 time, got yesterday',
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
