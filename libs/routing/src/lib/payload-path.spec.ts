import { describePayloadPath, parsePayloadPath, resolvePayloadPath } from './payload-path';

describe('parsePayloadPath', () => {
  it('splits a dotted string into keys, and keeps a list as written', () => {
    expect(parsePayloadPath('campaign.id')).toEqual(['campaign', 'id']);
    expect(parsePayloadPath('кампания.名前')).toEqual(['кампания', '名前']);
    expect(parsePayloadPath('0.a')).toEqual(['0', 'a']);
    expect(parsePayloadPath(['a.b', 'c d', 0, '0', 'é'])).toEqual(['a.b', 'c d', 0, '0', 'é']);
  });

  it.each([
    [''],
    ['.a'],
    ['a.'],
    ['a..b'],
    [[]],
    [['']],
    [[-1]],
    [[1.5]],
    [[null]],
    [[true]],
    [{}],
    [3],
    [null],
  ])('refuses %j', (raw) => {
    expect(parsePayloadPath(raw)).toBeNull();
  });
});

describe('resolvePayloadPath', () => {
  it('walks keys and indices to the value, and gives null for anything missing', () => {
    const payload = { a: [{ b: 'x' }, null], 'a.b': 1 };
    expect(resolvePayloadPath(payload, ['a', 0, 'b'])).toBe('x');
    expect(resolvePayloadPath(payload, ['a.b'])).toBe(1);
    expect(resolvePayloadPath(payload, ['a', 1, 'b'])).toBeNull();
    expect(resolvePayloadPath(payload, ['a', 'length'])).toBeNull();
    expect(resolvePayloadPath(payload, ['b'])).toBeNull();
    expect(resolvePayloadPath(null, ['a'])).toBeNull();
    expect(resolvePayloadPath(payload, ['a'])).toEqual([{ b: 'x' }, null]);
  });
});

describe('describePayloadPath', () => {
  it('writes plain keys with dots, the others quoted in brackets, indices in brackets', () => {
    expect(describePayloadPath(['campaign', 'id'])).toBe('raw_payload.campaign.id');
    expect(describePayloadPath(['кампания', '名前', 'été_1'])).toBe(
      'raw_payload.кампания.名前.été_1',
    );
    expect(describePayloadPath(['a.b', 'c d', 0, '"'])).toBe('raw_payload["a.b"]["c d"][0]["\\""]');
  });
});
