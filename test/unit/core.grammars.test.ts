// Filter and Report JSON have two grammars: the hand-written readers in src/core (the emulator's and
// the editor's checks, with their precise messages) and the zod schemas in src/api/wireSchemas.ts
// (the client's types and the editor's JSON Schemas). Generated documents, valid and invalid in every
// way we know, prove that both accept and refuse the same ones. The readers also accept looser
// spellings (keys in any case, "asc", "9" for 9); a second property proves spelling changes nothing
// else, so that the documentation's spelling is the one place the two grammars may differ.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { filterSchema, reportSchema } from '../../src/api/wireSchemas';
import { readFilter } from '../../src/core/filter';
import { isJsonObject, parseJson, stringifyJson, type JsonValue } from '../../src/core/json';
import { GROUP_FUNCTIONS, readReport } from '../../src/core/report';

const RUNS = 3000;

/** An object with exactly these own keys (a computed "__proto__" stays an ordinary key). */
const objectOf = (entries: Array<[string, JsonValue]>): JsonValue => Object.fromEntries(entries) as JsonValue;

/** Keys no grammar knows, in any case: typos, other APIs' words, prototype names. */
function unknownKey(known: readonly string[]): fc.Arbitrary<string> {
  const lower = known.map((k) => k.toLowerCase());
  return fc
    .oneof(
      fc.constantFrom(
        'contraints',
        'limit',
        'where',
        'Attribute2',
        'valeu',
        'extra',
        '__proto__',
        'constructor',
        'toString',
      ),
      fc.string({ maxLength: 6 }),
    )
    .filter((k) => !lower.includes(k.toLowerCase()));
}

/**
 * An object of some of the known fields (each may be left out), sometimes with an unknown key, and
 * fields in any order. `fields` gives each known key's value.
 */
function objectWith(fields: Record<string, fc.Arbitrary<JsonValue>>): fc.Arbitrary<JsonValue> {
  const known = Object.keys(fields);
  const present = fc.record(fields, { requiredKeys: [] });
  const unknownEntry = fc.tuple(unknownKey(known), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<JsonValue>);
  const extra = fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, unknownEntry);
  return fc.tuple(present, extra, fc.boolean()).map(([values, unknown, reversed]) => {
    const entries = Object.entries(values) as Array<[string, JsonValue]>;
    if (unknown) entries.push(unknown);
    return objectOf(reversed ? entries.reverse() : entries);
  });
}

/** Mostly a valid value, now and then a wrong one: most documents are wrong in one place or none. */
function mostly(valid: fc.Arbitrary<JsonValue>, ...wrong: Array<fc.Arbitrary<JsonValue>>): fc.Arbitrary<JsonValue> {
  return fc.oneof({ weight: 40, arbitrary: valid }, ...wrong);
}

/** Values that are no object: where an object goes, each is wrong. */
const notAnObject: fc.Arbitrary<JsonValue> = fc.constantFrom<JsonValue>(5, 'x', true, [], [{}]);
const bigIntegers = fc.oneof(
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: -(2n ** 63n), max: -(2n ** 53n) - 1n }),
);

const attribute: fc.Arbitrary<JsonValue> = mostly(
  fc.constantFrom('imsi', 'msisdn', 'parent_id', 'Price', 'SaleStatusId', 'tstamp'),
  fc.constantFrom<JsonValue>('', null, 7, true, [], {}),
  bigIntegers,
);

// ---- Filter ----

const conditionType: fc.Arbitrary<JsonValue> = mostly(
  fc.integer({ min: 0, max: 12 }),
  fc.constantFrom<JsonValue>(null, 1.5, -1, 'x', 'nine', '', true, [], {}, 1e20),
  bigIntegers,
);

const conditionValue: fc.Arbitrary<JsonValue> = mostly(
  fc.oneof(
    fc.constantFrom(
      '1',
      'abc',
      '^49.*',
      '1,2,3',
      '1,,2',
      ',',
      '10|20',
      '10|',
      '|20',
      'a|b|c',
      '2026-11-20T00:00:00+01:00|2026-11-22T23:59:59+01:00',
      '',
    ),
    fc.integer({ min: -5, max: 10 }),
    fc.constantFrom<JsonValue>(2.5, 0, null, true, false),
    bigIntegers,
  ),
  fc.constantFrom<JsonValue>([], ['1'], {}, { value: '1' }),
);

const condition: fc.Arbitrary<JsonValue> = mostly(
  objectWith({ attribute, type: conditionType, value: conditionValue }),
  notAnObject,
  fc.constant(null),
);

const join = mostly(fc.constantFrom<JsonValue>('AND', 'OR'), fc.constantFrom<JsonValue>('XOR', '', null, 1, []));

const conditionList: fc.Arbitrary<JsonValue> = fc.letrec<{ list: JsonValue }>((tie) => ({
  list: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    {
      weight: 40,
      arbitrary: objectWith({
        join,
        conditions: mostly(fc.array(condition, { maxLength: 3 }), notAnObject, fc.constant(null), fc.constant({})),
        lists: mostly(fc.array(tie('list'), { maxLength: 2 }), notAnObject, fc.constant(null), fc.constant({})),
      }),
    },
    notAnObject,
    fc.constant(null),
  ),
})).list;

const wholeNumber: fc.Arbitrary<JsonValue> = mostly(
  fc.integer({ min: -3, max: 1000 }),
  fc.constantFrom<JsonValue>(Number.MAX_SAFE_INTEGER, 1.5, 1e20, null, 'x', '', true, [], {}),
  bigIntegers,
);

const direction = mostly(fc.constantFrom<JsonValue>('ASC', 'DESC'), fc.constantFrom<JsonValue>('UP', '', null, 1, []));

/** A Filter document in the documentation's spelling: valid, or wrong in one or more places. */
const filterDocument: fc.Arbitrary<JsonValue> = mostly(
  objectWith({
    order: mostly(objectWith({ attribute, direction }), notAnObject, fc.constant(null)),
    count: mostly(objectWith({ count: wholeNumber, offset: wholeNumber }), notAnObject, fc.constant(null)),
    constraints: conditionList,
  }),
  notAnObject,
);

// ---- Report ----

const aggregation: fc.Arbitrary<JsonValue> = mostly(
  objectWith({
    Function: mostly(
      fc.constantFrom<JsonValue>('SUM', 'AVG', 'COUNT'),
      fc.constantFrom<JsonValue>('MEDIAN', '', null, 1),
    ),
    Attribute: attribute,
  }),
  notAnObject,
  fc.constant(null),
);

const group: fc.Arbitrary<JsonValue> = mostly(
  objectWith({
    Function: mostly(
      fc.constantFrom<JsonValue>(null, ...GROUP_FUNCTIONS),
      fc.constantFrom<JsonValue>('DATE_TRUNC:SECOND', 'ROUND', 'DATE_TRUNC', '', 1, []),
    ),
    Attribute: attribute,
    Orientation: mostly(
      fc.constantFrom<JsonValue>('vertical', 'horizontal'),
      fc.constantFrom<JsonValue>('diagonal', '', null, 1),
    ),
  }),
  notAnObject,
  fc.constant(null),
);

/** A Report document in the documentation's spelling: valid, or wrong in one or more places. */
const reportDocument: fc.Arbitrary<JsonValue> = mostly(
  objectWith({
    Aggregation: mostly(fc.array(aggregation, { maxLength: 3 }), notAnObject, fc.constant(null), fc.constant({})),
    Group: mostly(fc.array(group, { maxLength: 3 }), notAnObject, fc.constant(null), fc.constant({})),
  }),
  notAnObject,
  fc.constantFrom<JsonValue>(null, ''),
);

// ---- The properties ----

/** The document as the editor and the client see it: written out and read back losslessly. */
const asParsed = (document: JsonValue): JsonValue => parseJson(stringifyJson(document));

interface Verdicts {
  hand: boolean;
  zod: boolean;
  handProblems: string[];
  zodIssues: string[];
}

function filterVerdicts(document: JsonValue): Verdicts {
  const { problems } = readFilter(document);
  const zod = filterSchema.safeParse(document);
  return {
    hand: problems.length === 0,
    zod: zod.success,
    handProblems: problems.map((p) => `${p.path.join('.')}: ${p.message}`),
    zodIssues: zod.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [],
  };
}

function reportVerdicts(document: JsonValue): Verdicts {
  const { problems } = readReport(document);
  const zod = reportSchema.safeParse(document);
  return {
    hand: problems.length === 0,
    zod: zod.success,
    handProblems: problems.map((p) => `${p.path.join('.')}: ${p.message}`),
    zodIssues: zod.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [],
  };
}

/** Runs the property and proves that the generator reached both answers often enough to mean something. */
function assertAgreement(documents: fc.Arbitrary<JsonValue>, verdicts: (document: JsonValue) => Verdicts): void {
  const seen = { accepted: 0, refused: 0 };
  fc.assert(
    fc.property(documents.map(asParsed), (document) => {
      const v = verdicts(document);
      if (v.hand) seen.accepted++;
      else seen.refused++;
      assert.equal(
        v.zod,
        v.hand,
        `${stringifyJson(document)}\nhand-written: ${v.hand ? 'accepts' : v.handProblems.join(' | ')}\nzod: ${v.zod ? 'accepts' : v.zodIssues.join(' | ')}`,
      );
    }),
    { numRuns: RUNS },
  );
  assert.ok(
    seen.accepted > RUNS / 10 && seen.refused > RUNS / 10,
    `too one-sided to prove much: ${seen.accepted} accepted, ${seen.refused} refused`,
  );
}

// ---- Spelling: what the readers accept beyond the documentation's spelling ----

const KEYS = [
  'order',
  'count',
  'constraints',
  'attribute',
  'direction',
  'offset',
  'join',
  'conditions',
  'lists',
  'type',
  'value',
  'Aggregation',
  'Group',
  'Function',
  'Attribute',
  'Orientation',
];
const WORDS = ['ASC', 'DESC', 'AND', 'OR', 'SUM', 'AVG', 'COUNT', 'vertical', 'horizontal', ...GROUP_FUNCTIONS];
const NUMBER_KEYS = ['type', 'count', 'offset'];

/** The word as written, lower case, upper case, or with only its first letter lowered. */
const recase = (word: string, choice: number) =>
  [word, word.toLowerCase(), word.toUpperCase(), word.charAt(0).toLowerCase() + word.slice(1).toUpperCase()][
    choice % 4
  ]!;

/** The document with known keys and enum words in other cases, and whole numbers of type/count/offset as digit strings. */
function respell(value: JsonValue, choose: () => number, key?: string): JsonValue {
  if (Array.isArray(value)) return value.map((item) => respell(item, choose));
  if (isJsonObject(value))
    return objectOf(
      Object.entries(value).map(([k, v]) => [KEYS.includes(k) ? recase(k, choose()) : k, respell(v, choose, k)]),
    );
  if (typeof value === 'string' && WORDS.includes(value)) return recase(value, choose());
  const digits =
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && NUMBER_KEYS.includes(key ?? '');
  return digits && choose() % 2 ? String(value) : value;
}

/** What a reader decided, without its messages (which quote the value as spelt): the model and where the problems are. */
function decision<T>({ problems, ...model }: { problems: Array<{ path: Array<string | number>; code: string }> } & T) {
  return {
    model,
    problems: problems.map((p) => ({
      code: p.code,
      path: p.path.map((s) => (typeof s === 'string' ? s.toLowerCase() : s)),
    })),
  };
}

function assertSpellingIrrelevant(
  documents: fc.Arbitrary<JsonValue>,
  read: (document: JsonValue) => Parameters<typeof decision>[0],
): void {
  const choices = fc.infiniteStream(fc.nat({ max: 3 }));
  fc.assert(
    fc.property(documents.map(asParsed), choices, (document, stream) => {
      const respelt = respell(document, () => stream.next().value as number);
      assert.deepStrictEqual(decision(read(respelt)), decision(read(document)), stringifyJson(respelt));
    }),
    { numRuns: RUNS },
  );
}

describe('Filter and Report: the hand-written readers and the zod schemas agree', () => {
  it('accept and refuse the same Filter documents', () => {
    assertAgreement(filterDocument, filterVerdicts);
  });

  it('accept and refuse the same Report documents', () => {
    assertAgreement(reportDocument, reportVerdicts);
  });

  it('the readers decide a Filter the same in any spelling (keys and words in any case, "9" for 9)', () => {
    assertSpellingIrrelevant(filterDocument, readFilter);
  });

  it('the readers decide a Report the same in any spelling', () => {
    assertSpellingIrrelevant(reportDocument, readReport);
  });

  it("agree on the disagreements the properties found (zod had refused the documentation's own id value)", () => {
    const docReportFilter = parseJson(
      '{"order":null,"count":null,"constraints":{"join":"AND","conditions":[{"attribute":"parent_id","type":1,"value":421338385039230354}],"lists":[]}}',
    );
    const filters: Array<[JsonValue, boolean]> = [
      [docReportFilter, true],
      [{ order: { attribute: 'imsi' } }, true],
      [
        {
          order: { attribute: 'imsi', direction: null },
          count: { offset: null },
          constraints: { join: null, conditions: null, lists: null },
        },
        true,
      ],
      [{ constraints: { conditions: [{ attribute: 'active', type: 1, value: true }] } }, true],
      [{ constraints: { conditions: [{ attribute: 'imsi', type: 1 }] } }, false],
      [{ constraints: { conditions: [{ attribute: 'imsi', type: 7, value: '1,,2' }] } }, false],
      [{ constraints: { conditions: [{ attribute: 'imsi', type: 8, value: 5 }] } }, false],
      [{ constraints: { conditions: [{ attribute: 'imsi', type: 5, value: {} }] } }, false],
    ];
    for (const [document, valid] of filters)
      assert.deepEqual(
        filterVerdicts(asParsed(document)),
        { ...filterVerdicts(asParsed(document)), hand: valid, zod: valid },
        stringifyJson(document),
      );
    const count = { Function: 'COUNT', Attribute: 'id' };
    const reports: Array<[JsonValue, boolean]> = [
      [{ Aggregation: [count] }, true],
      [{ Aggregation: [count], Group: [{ Function: null, Attribute: 'tstamp' }] }, true],
      [{ Aggregation: [] }, false],
      [{ Aggregation: null, Group: [] }, false],
      [{ Aggregation: [count], Group: [{ Function: '', Attribute: 'tstamp', Orientation: 'vertical' }] }, false],
    ];
    for (const [document, valid] of reports)
      assert.deepEqual(
        reportVerdicts(asParsed(document)),
        { ...reportVerdicts(asParsed(document)), hand: valid, zod: valid },
        stringifyJson(document),
      );
  });
});
