import { MAX_PREDICATE_DEPTH, parsePredicate } from './parse-predicate';

const FIELDS =
  'fields: event_type, content_type, device, origin, duration_ms, engagement_pct, length_seconds, snapshot';
const MAPPING = 'must be a predicate mapping, e.g. { field: event_type, eq: finish }';
const PATH =
  'payload must be a list of keys and array indices, e.g. [campaign, id], or a dotted string, e.g. campaign.id';
const NULL_HINT = '(test NULL with exists: false)';
const EVENT_TYPES = 'play, pause, finish, click';

describe('parsePredicate', () => {
  it('builds the tree of a valid predicate', () => {
    expect(
      parsePredicate({
        and: [
          { field: 'event_type', eq: 'finish' },
          { field: 'content_type', in: ['video', 'podcast'] },
          { not: { payload: ['кампания', '名前'], exists: false } },
          {
            or: [
              { field: 'engagement_pct', gte: 90 },
              { payload: 'a.b', lt: 3 },
            ],
          },
        ],
      }),
    ).toEqual({
      errors: [],
      predicate: {
        kind: 'and',
        all: [
          { kind: 'test', subject: { field: 'event_type' }, test: { op: 'eq', value: 'finish' } },
          {
            kind: 'test',
            subject: { field: 'content_type' },
            test: { op: 'in', values: ['video', 'podcast'] },
          },
          {
            kind: 'not',
            predicate: {
              kind: 'test',
              subject: { payload: ['кампания', '名前'] },
              test: { op: 'exists', value: false },
            },
          },
          {
            kind: 'or',
            any: [
              {
                kind: 'test',
                subject: { field: 'engagement_pct' },
                test: { op: 'gte', value: 90 },
              },
              { kind: 'test', subject: { payload: ['a', 'b'] }, test: { op: 'lt', value: 3 } },
            ],
          },
        ],
      },
    });
  });

  it('accepts any device, and payload scalars of every JSON type', () => {
    for (const predicate of [
      { field: 'device', eq: 'smart-fridge' },
      { field: 'duration_ms', eq: 0 },
      { field: 'length_seconds', in: [60, 120.5] },
      { payload: ['items', 0, 'sku'], eq: 'A-1' },
      { payload: 'flag', eq: false },
      { payload: 'count', in: [1, 'one', true] },
      { payload: 'n', gte: -1.5 },
    ]) {
      expect(parsePredicate(predicate).errors).toEqual([]);
    }
  });

  it.each([
    // Shape of a node
    ['finish', `where: ${MAPPING}; got string "finish"`],
    [[], `where: ${MAPPING}; got an empty list`],
    [null, `where: ${MAPPING}; got null`],
    [
      {},
      'where: empty predicate; it needs field, payload, and, or or not, e.g. { field: event_type, eq: finish }',
    ],
    [
      { fild: 'event_type', eq: 'finish' },
      'where: a predicate needs field, payload, and, or or not; found "fild", "eq"',
    ],
    [
      { content_type: 'video' },
      'where: a predicate needs field, payload, and, or or not; found "content_type"',
    ],
    // Fields
    [{ field: 'evnt_type', eq: 'finish' }, `where: unknown field "evnt_type" (${FIELDS})`],
    [{ field: 'user_id', eq: 'x' }, `where: unknown field "user_id" (${FIELDS})`],
    [{ field: 5, eq: 1 }, 'where: field must be a field name; got number 5'],
    [
      { field: 'device', eq: 'ios', payload: 'a' },
      'where: a test reads either a field or a payload path, not both',
    ],
    // Operators
    [
      { field: 'event_type' },
      'where: event_type needs one operator: eq, in, gt, gte, lt, lte, exists',
    ],
    [
      { field: 'engagement_pct', gte: 50, lt: 90 },
      'where: engagement_pct has 2 operators (gte, lt); write one per test and combine tests with and',
    ],
    [
      { field: 'event_type', equals: 'finish' },
      'where: unknown key "equals" (operators: eq, in, gt, gte, lt, lte, exists)',
    ],
    [
      { field: 'event_type', eq: 'finish', ne: 'play' },
      'where: unknown key "ne" (operators: eq, in, gt, gte, lt, lte, exists)',
    ],
    [
      { field: 'event_type', gte: 1 },
      'where: gte compares numbers; event_type is text (use eq or in)',
    ],
    [{ field: 'device', lt: 1 }, 'where: lt compares numbers; device is text (use eq or in)'],
    [
      { field: 'snapshot', gt: 0 },
      'where: gt compares numbers; snapshot is true or false (use eq or in)',
    ],
    [
      { field: 'snapshot', eq: 'true' },
      'where: snapshot eq must be true or false; got string "true"',
    ],
    // Operand types and vocabularies
    [
      { field: 'event_type', eq: 'skip' },
      `where: event_type eq must be one of ${EVENT_TYPES}; got string "skip"`,
    ],
    [
      { field: 'content_type', eq: 'book' },
      'where: content_type eq must be one of podcast, newsletter, video; got string "book"',
    ],
    [
      { field: 'origin', in: ['replay'] },
      'where: origin in[0] must be one of cdc, backfill; got string "replay"',
    ],
    [
      { field: 'event_type', eq: 5 },
      `where: event_type eq must be a string ${NULL_HINT}; got number 5`,
    ],
    [{ field: 'device', eq: null }, `where: device eq must be a string ${NULL_HINT}; got null`],
    [
      { field: 'device', eq: true },
      `where: device eq must be a string ${NULL_HINT}; got boolean true`,
    ],
    [
      { field: 'event_type', in: [] },
      'where: event_type in must be a non-empty list; got an empty list',
    ],
    [
      { field: 'event_type', in: 'finish' },
      'where: event_type in must be a non-empty list; got string "finish"',
    ],
    [
      { field: 'engagement_pct', gte: '90' },
      'where: engagement_pct gte must be a finite number; got string "90"',
    ],
    [
      { field: 'engagement_pct', eq: '90' },
      `where: engagement_pct eq must be a finite number ${NULL_HINT}; got string "90"`,
    ],
    [
      { field: 'duration_ms', in: [1, null] },
      `where: duration_ms in[1] must be a finite number ${NULL_HINT}; got null`,
    ],
    [
      { field: 'engagement_pct', gte: Infinity },
      'where: engagement_pct gte must be a finite number; got number Infinity',
    ],
    [
      { field: 'length_seconds', lte: NaN },
      'where: length_seconds lte must be a finite number; got number NaN',
    ],
    [
      { field: 'device', exists: 'yes' },
      'where: device exists must be true or false; got string "yes"',
    ],
    [{ field: 'device', exists: 1 }, 'where: device exists must be true or false; got number 1'],
    // Payload paths and operands
    [{ payload: '', exists: true }, `where: ${PATH}; got string ""`],
    [{ payload: 'a..b', exists: true }, `where: ${PATH}; got string "a..b"`],
    [{ payload: [], exists: true }, `where: ${PATH}; got an empty list`],
    [{ payload: ['a', ''], exists: true }, `where: ${PATH}; got a list`],
    [{ payload: ['a', -1], exists: true }, `where: ${PATH}; got a list`],
    [{ payload: ['a', 1.5], eq: 1 }, `where: ${PATH}; got a list`],
    [{ payload: { a: 'b' }, eq: 1 }, `where: ${PATH}; got a mapping`],
    [{ payload: 7, eq: 1 }, `where: ${PATH}; got number 7`],
    [
      { payload: 'a', eq: null },
      `where: raw_payload.a eq must be a string, a finite number or a boolean ${NULL_HINT}; got null`,
    ],
    [
      { payload: ['кампания', 'a.b'], eq: { x: 1 } },
      `where: raw_payload.кампания["a.b"] eq must be a string, a finite number or a boolean ${NULL_HINT}; got a mapping`,
    ],
    [
      { payload: ['items', 0], in: [1, [2]] },
      `where: raw_payload.items[0] in[1] must be a string, a finite number or a boolean ${NULL_HINT}; got a list`,
    ],
    [{ payload: 'a', lt: 'z' }, 'where: raw_payload.a lt must be a finite number; got string "z"'],
    [{ payload: 'a' }, 'where: raw_payload.a needs one operator: eq, in, gt, gte, lt, lte, exists'],
    // Combinators
    [{ and: [] }, 'where: and must be a non-empty list of predicates; got an empty list'],
    [{ and: {} }, 'where: and must be a non-empty list of predicates; got a mapping'],
    [{ or: 'x' }, 'where: or must be a non-empty list of predicates; got string "x"'],
    [{ not: [] }, `where.not: ${MAPPING}; got an empty list`],
    [{ not: null }, `where.not: ${MAPPING}; got null`],
    [
      { and: [{ field: 'device', eq: 'ios' }], field: 'device' },
      'where: and takes no other keys; found "field"',
    ],
    [{ not: { field: 'device', eq: 'ios' }, or: [] }, 'where: or takes no other keys; found "not"'],
  ])('%j: %s', (raw, message) => {
    expect(parsePredicate(raw)).toEqual({ predicate: null, errors: [message] });
  });

  it('reports every problem, each at its place in the tree', () => {
    expect(
      parsePredicate(
        {
          and: [
            { or: [{ field: 'x', eq: 1 }, { not: { field: 'device', eq: 2 } }] },
            { field: 'event_type', in: ['finish', 'skip', 3] },
            { field: 'event_type', eq: 'finish' },
          ],
        },
        'routes[0].where',
      ).errors,
    ).toEqual([
      `routes[0].where.and[0].or[0]: unknown field "x" (${FIELDS})`,
      `routes[0].where.and[0].or[1].not: device eq must be a string ${NULL_HINT}; got number 2`,
      `routes[0].where.and[1]: event_type in[1] must be one of ${EVENT_TYPES}; got string "skip"`,
      `routes[0].where.and[1]: event_type in[2] must be a string ${NULL_HINT}; got number 3`,
    ]);
  });

  it('stops at a nesting depth no file needs, such as a YAML alias that refers to itself', () => {
    const cyclic: { not: unknown } = { not: null };
    cyclic.not = cyclic;
    expect(parsePredicate(cyclic).errors).toEqual([
      `where${'.not'.repeat(MAX_PREDICATE_DEPTH + 1)}: predicates nest deeper than ${MAX_PREDICATE_DEPTH} levels`,
    ]);
  });
});
