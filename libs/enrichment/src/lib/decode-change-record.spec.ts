import { decodeChangeRecord } from './decode-change-record';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeChangeRecord', () => {
  it('reads op, images and provenance', () => {
    const result = decodeChangeRecord(
      bytes({
        op: 'c',
        before: null,
        after: { id: 1 },
        source: { ts_ms: 1700000000123, lsn: 24023128 },
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'change',
        op: 'c',
        before: null,
        after: { id: 1 },
        sourceTsMs: 1700000000123,
        sourceLsn: 24023128,
        snapshot: false,
        position: null,
      },
    });
  });

  it.each([
    ['r', undefined, true],
    ['r', 'true', true],
    ['r', 'last', true],
    ['r', 'incremental', true],
    ['c', 'first', true],
    ['c', 'false', false],
    ['c', undefined, false],
    ['u', 'false', false],
  ])('marks op %s with source.snapshot %s as a snapshot read: %s', (op, snapshot, expected) => {
    const result = decodeChangeRecord(
      bytes({ op, after: { id: 1 }, source: { ts_ms: 1, lsn: 2, snapshot } }),
    );
    expect(result.ok && result.value.kind === 'change' && result.value.snapshot).toBe(expected);
  });

  it("reads the stream position from Debezium's source.sequence", () => {
    const result = decodeChangeRecord(
      bytes({ op: 'u', after: {}, source: { ts_ms: 1, lsn: 30, sequence: '["20","30"]' } }),
    );
    expect(result.ok && result.value.kind === 'change' && result.value.position).toEqual({
      commit: 20n,
      lsn: 30n,
    });
  });

  it('recognises a tombstone', () => {
    expect(decodeChangeRecord(null)).toEqual({ ok: true, value: { kind: 'tombstone' } });
  });

  it.each([
    [Buffer.from('{"op": "c",'), /^value is not valid JSON: /],
    [bytes([1, 2]), /^value must be a JSON object \(a Debezium envelope\)$/],
    [bytes({ after: {}, source: { ts_ms: 1 } }), /^op is missing$/],
    [bytes({ op: 'x', after: {}, source: { ts_ms: 1 } }), /^unknown op 'x'$/],
    [bytes({ op: 'c', after: {} }), /^source is missing$/],
    [bytes({ op: 'c', after: {}, source: { ts_ms: 'now' } }), /^source.ts_ms must be an integer$/],
  ])('rejects malformed input (%#)', (input, reason) => {
    const result = decodeChangeRecord(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
