import type { EnrichedEngagementEventV1, JsonValue } from '@cdc/contracts';

import { compilePredicate } from './evaluate-predicate';
import { parsePredicate } from './parse-predicate';
import { anEnrichedEvent } from './test-event';

/** Compiles a predicate written as in the routes file; fails the spec if it is invalid. */
function matcher(raw: unknown) {
  const { predicate, errors } = parsePredicate(raw);
  expect(errors).toEqual([]);
  return compilePredicate(predicate!);
}

function matches(raw: unknown, overrides: Partial<EnrichedEngagementEventV1>): boolean {
  return matcher(raw)(anEnrichedEvent(overrides));
}

describe('compilePredicate: the snapshot flag', () => {
  it.each([
    [{ field: 'snapshot', eq: true }, { snapshot: true }, true],
    [{ field: 'snapshot', eq: true }, { snapshot: false }, false],
    // Live changes and records written before the field existed carry no `snapshot`.
    [{ field: 'snapshot', eq: true }, {}, false],
    [{ field: 'snapshot', eq: false }, {}, true],
    [{ field: 'snapshot', eq: false }, { snapshot: true }, false],
    [{ not: { field: 'snapshot', eq: true } }, {}, true],
    [{ field: 'snapshot', in: [true] }, { snapshot: true }, true],
  ] as const)('%j on %j is %s', (predicate, event, expected) => {
    expect(matches(predicate, event)).toBe(expected);
  });
});

describe('compilePredicate: text fields', () => {
  it.each([
    [{ field: 'event_type', eq: 'finish' }, { event_type: 'finish' }, true],
    [{ field: 'event_type', eq: 'finish' }, { event_type: 'play' }, false],
    [{ field: 'content_type', in: ['video', 'podcast'] }, { content_type: 'podcast' }, true],
    [{ field: 'content_type', in: ['video', 'podcast'] }, { content_type: 'newsletter' }, false],
    [{ field: 'device', eq: 'ios' }, { device: 'ios' }, true],
    [{ field: 'device', eq: 'ios' }, { device: 'IOS' }, false],
    [{ field: 'device', in: ['android', 'android-tv'] }, { device: 'android-tv' }, true],
    [{ field: 'origin', eq: 'backfill' }, { origin: 'backfill' }, true],
    [{ field: 'origin', eq: 'backfill' }, { origin: 'cdc' }, false],
    [{ field: 'origin', in: ['cdc'] }, { origin: 'cdc' }, true],
  ] as const)('%j on %j is %s', (predicate, event, expected) => {
    expect(matches(predicate, event)).toBe(expected);
  });

  it('compares unicode values code point by code point, without normalising', () => {
    expect(matches({ field: 'device', eq: 'téléviseur' }, { device: 'téléviseur' })).toBe(true);
    // "e" + combining acute accent looks the same as "é" but is another string.
    expect(
      matches({ field: 'device', eq: 'téléviseur' }, { device: 'te\u0301le\u0301viseur' }),
    ).toBe(false);
    expect(matches({ field: 'device', in: ['電視', 'телевизор'] }, { device: 'телевизор' })).toBe(
      true,
    );
  });
});

describe('compilePredicate: numeric fields', () => {
  it.each([
    ['eq', 90, 90, true],
    ['eq', 90, 90.01, false],
    ['gt', 90, 90, false],
    ['gt', 90, 90.01, true],
    ['gte', 90, 90, true],
    ['gte', 90, 89.99, false],
    ['lt', 10, 9.99, true],
    ['lt', 10, 10, false],
    ['lte', 10, 10, true],
    ['lte', 10, 10.01, false],
  ] as const)('engagement_pct %s %d on %d is %s', (op, operand, value, expected) => {
    expect(matches({ field: 'engagement_pct', [op]: operand }, { engagement_pct: value })).toBe(
      expected,
    );
  });

  it('reads duration_ms and length_seconds, and takes in lists of numbers', () => {
    expect(matches({ field: 'duration_ms', gte: 180000 }, { duration_ms: 180000 })).toBe(true);
    expect(matches({ field: 'duration_ms', lt: 0 }, { duration_ms: 0 })).toBe(false);
    expect(matches({ field: 'length_seconds', in: [60, 200] }, { length_seconds: 200 })).toBe(true);
    expect(matches({ field: 'length_seconds', in: [60, 300] }, { length_seconds: 200 })).toBe(
      false,
    );
  });
});

describe('compilePredicate: NULL', () => {
  const tests = [
    { field: 'engagement_pct', eq: 0 },
    { field: 'engagement_pct', gt: -1 },
    { field: 'engagement_pct', gte: 0 },
    { field: 'engagement_pct', lt: 100 },
    { field: 'engagement_pct', lte: 100 },
    { field: 'engagement_pct', in: [0] },
  ];

  it.each(tests)('%j is false on a NULL field, and its not is true', (test) => {
    expect(matches(test, { engagement_pct: null })).toBe(false);
    expect(matches({ not: test }, { engagement_pct: null })).toBe(true);
  });

  it('is false for eq and in on NULL text fields; not of them is true', () => {
    expect(matches({ field: 'content_type', eq: 'video' }, { content_type: null })).toBe(false);
    expect(matches({ field: 'device', in: ['ios'] }, { device: null })).toBe(false);
    expect(matches({ not: { field: 'device', eq: 'ios' } }, { device: null })).toBe(true);
  });

  it('tests NULL itself with exists', () => {
    expect(matches({ field: 'device', exists: false }, { device: null })).toBe(true);
    expect(matches({ field: 'device', exists: true }, { device: null })).toBe(false);
    expect(matches({ field: 'device', exists: true }, { device: '' })).toBe(true);
    expect(matches({ field: 'engagement_pct', exists: true }, { engagement_pct: 0 })).toBe(true);
    expect(matches({ field: 'length_seconds', exists: false }, { length_seconds: 0 })).toBe(false);
  });

  it('excludes NULLs from a negation with and + exists', () => {
    const notIos = {
      and: [{ field: 'device', exists: true }, { not: { field: 'device', eq: 'ios' } }],
    };
    expect(matches(notIos, { device: null })).toBe(false);
    expect(matches(notIos, { device: 'android' })).toBe(true);
    expect(matches(notIos, { device: 'ios' })).toBe(false);
  });
});

describe('compilePredicate: raw_payload paths', () => {
  const payload = {
    кампания: { 名前: 'été', 'a.b': 'dotted key' },
    campaign: { id: 'spring-26', budget: 120, active: true, none: null, tags: ['x', 'y'] },
    items: [{ sku: 'A-1' }, { sku: 'B-2' }],
    '': 'empty key',
  };
  const on = (raw: unknown, rawPayload: EnrichedEngagementEventV1['raw_payload'] = payload) =>
    matches(raw, { raw_payload: rawPayload });

  it('follows unicode keys to a unicode value', () => {
    expect(on({ payload: ['кампания', '名前'], eq: 'été' })).toBe(true);
    expect(on({ payload: 'кампания.名前', eq: 'été' })).toBe(true);
    expect(on({ payload: ['кампания', '名前'], eq: 'ete' })).toBe(false);
    expect(on({ payload: ['кампания', '名前'], eq: 'e\u0301te\u0301' })).toBe(false);
    expect(on({ payload: ['кампания', '名前'], in: ['été', 'hiver'] })).toBe(true);
  });

  it('takes a key containing a dot in the list form only', () => {
    expect(on({ payload: ['кампания', 'a.b'], eq: 'dotted key' })).toBe(true);
    expect(on({ payload: 'кампания.a.b', exists: true })).toBe(false);
  });

  it('indexes arrays with integers, objects with strings, and nothing else', () => {
    expect(on({ payload: ['items', 1, 'sku'], eq: 'B-2' })).toBe(true);
    expect(on({ payload: ['items', 2, 'sku'], exists: true })).toBe(false);
    expect(on({ payload: ['items', '1', 'sku'], exists: true })).toBe(false);
    expect(on({ payload: ['campaign', 0], exists: true })).toBe(false);
    expect(on({ payload: ['campaign', 'id', 'length'], exists: true })).toBe(false);
    expect(on({ payload: ['campaign', 'tags', 0], eq: 'x' })).toBe(true);
  });

  it('compares strictly: no coercion between strings, numbers and booleans', () => {
    expect(on({ payload: 'campaign.budget', eq: 120 })).toBe(true);
    expect(on({ payload: 'campaign.budget', eq: '120' })).toBe(false);
    expect(on({ payload: 'campaign.active', eq: true })).toBe(true);
    expect(on({ payload: 'campaign.active', eq: 'true' })).toBe(false);
    expect(on({ payload: 'campaign.budget', in: ['120', 121] })).toBe(false);
    expect(on({ payload: 'campaign.budget', gt: 100 })).toBe(true);
    expect(on({ payload: 'campaign.id', gt: 0 })).toBe(false);
    expect(on({ payload: 'campaign', eq: 'spring-26' })).toBe(false);
  });

  it('treats a missing path, a JSON null and a NULL raw_payload alike: only exists: false holds', () => {
    for (const [path, rawPayload] of [
      ['campaign.none', payload],
      ['campaign.missing', payload],
      ['campaign.id', null],
      ['campaign.id', 'a string payload'],
      ['campaign.id', [1, 2]],
    ] as [string, JsonValue][]) {
      expect([
        on({ payload: path, exists: false }, rawPayload),
        on({ payload: path, exists: true }, rawPayload),
        on({ payload: path, eq: 'spring-26' }, rawPayload),
        on({ not: { payload: path, eq: 'spring-26' } }, rawPayload),
      ]).toEqual([true, false, false, true]);
    }
  });

  it('sees objects and lists as present, and reads only own keys', () => {
    expect(on({ payload: 'campaign', exists: true })).toBe(true);
    expect(on({ payload: 'campaign.tags', exists: true })).toBe(true);
    expect(on({ payload: ['campaign', 'constructor'], exists: true })).toBe(false);
    expect(on({ payload: ['__proto__'], exists: true })).toBe(false);
    expect(on({ payload: ['toString'], exists: true }, {})).toBe(false);
    expect(on({ payload: ['__proto__', 'x'], eq: 1 }, JSON.parse('{"__proto__": {"x": 1}}'))).toBe(
      true,
    );
  });
});

describe('compilePredicate: and, or, not', () => {
  const videoFinish = {
    and: [
      { field: 'event_type', eq: 'finish' },
      { field: 'content_type', eq: 'video' },
    ],
  };

  it('and needs every part, or any part, not the opposite', () => {
    expect(matches(videoFinish, { event_type: 'finish', content_type: 'video' })).toBe(true);
    expect(matches(videoFinish, { event_type: 'finish', content_type: 'podcast' })).toBe(false);
    const either = {
      or: [
        { field: 'event_type', eq: 'click' },
        { field: 'engagement_pct', gte: 90 },
      ],
    };
    expect(matches(either, { event_type: 'click', engagement_pct: null })).toBe(true);
    expect(matches(either, { event_type: 'play', engagement_pct: 95 })).toBe(true);
    expect(matches(either, { event_type: 'play', engagement_pct: 10 })).toBe(false);
    expect(matches({ not: videoFinish }, { event_type: 'play' })).toBe(true);
    expect(matches({ not: { not: videoFinish } }, { event_type: 'play' })).toBe(false);
  });

  it('nests', () => {
    const predicate = {
      or: [
        videoFinish,
        {
          and: [
            { field: 'content_type', eq: 'newsletter' },
            { not: { payload: ['campaign', 'id'], exists: false } },
          ],
        },
      ],
    };
    const match = matcher(predicate);
    expect(
      [
        anEnrichedEvent(),
        anEnrichedEvent({ content_type: 'newsletter', raw_payload: { campaign: { id: 'c' } } }),
        anEnrichedEvent({ content_type: 'newsletter', raw_payload: { campaign: {} } }),
        anEnrichedEvent({ event_type: 'play' }),
      ].map(match),
    ).toEqual([true, true, false, false]);
  });
});
