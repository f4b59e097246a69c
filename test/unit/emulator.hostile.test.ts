// Property-based hostile input (fast-check) against a real emulator, on PGlite and (in npm test)
// on PostgreSQL: random filters, reports, bodies, names and paths, sent by callers of every kind.
// Every answer must be a success or a documented error code (never XX000, never an unknown code),
// and afterwards the server must still answer validate within a second. Runs are bounded (a few
// hundred requests in all) and seeded by fast-check, which prints the seed and the shrunk
// counterexample of any failure.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startEmulator, type TestEmulator } from '../support/emulator';
import { ACCOUNTS, login, wire, type WireResponse } from '../support/http';
import { parseJson, stringifyJson, type JsonObject } from '../../src/core/json';

/** Every code docs/emulator.md documents, as the wire writes them. */
const DOCUMENTED = new Set<number | string>([
  1007,
  '0B000',
  22004,
  22023,
  '28P01',
  42501,
  42701,
  42703,
  42809,
  42883,
  54000,
  57014,
  'P0002',
]);

const TYPES = ['sim', 'machine', 'sale', 'user', 'machine_product', 'tour'];
const ATTRIBUTES = [
  'msisdn',
  'imsi',
  'price',
  'lat',
  'tstamp',
  'choice',
  'id',
  'parent_id',
  'owner',
  'SaleStatusId',
  'email',
  'active',
  'weekday',
];
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];

/** Names: real ones in any case, near misses, prototype names, junk, NUL, huge. */
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ATTRIBUTES) },
  fc.constantFrom(...ATTRIBUTES).map((a) => a.toUpperCase()),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('a\u0000b', '\ud800', 'x'.repeat(129), 'msisdn'.repeat(40_000)),
);

/** Values: numbers of every size, regex-like text, lists, ranges, timestamps and junk of any JSON type. */
const value = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '4915',
    '^49.*',
    '(a+)+$',
    '[',
    '1,2,3',
    '1|2',
    ',',
    '|',
    '2026-11-20',
    'tomorrow',
    '18446744073709551615',
    '9223372036854775808',
    '1e400',
    'NaN',
    'Infinity',
    'a\u0000',
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({ nested: true }),
  fc.integer({ min: 990, max: 1010 }).map((n) => Array.from({ length: n }, (_, i) => i).join(',')),
  fc.integer({ min: 500, max: 530 }).map((n) => '.'.repeat(n)),
);

const condition = fc.record(
  { attribute: name, type: fc.oneof(fc.integer({ min: -1, max: 12 }), fc.constantFrom('9', 'x', null, 1.5)), value },
  { requiredKeys: [] },
);

/** Condition lists nested a few levels, plus the occasional tower past the limits. */
const conditionList: fc.Arbitrary<unknown> = fc.letrec<{ list: unknown }>((tie) => ({
  list: fc.record(
    {
      join: fc.constantFrom('AND', 'OR', 'and', 'XOR', null),
      conditions: fc.array(condition, { maxLength: 4 }),
      lists: fc.oneof({ depthSize: 'small' }, fc.constant([]), fc.array(tie('list'), { maxLength: 2 })),
    },
    { requiredKeys: [] },
  ),
})).list;
const tower = fc.integer({ min: 10, max: 90 }).map((depth) => {
  let list: unknown = { conditions: [{ attribute: 'id', type: 6 }] };
  for (let i = 0; i < depth; i++) list = { lists: [list] };
  return list;
});

const filter = fc.record(
  {
    order: fc.option(
      fc.record({ attribute: name, direction: fc.constantFrom('ASC', 'DESC', 'up', null) }, { requiredKeys: [] }),
    ),
    count: fc.option(
      fc.record(
        { count: fc.oneof(fc.nat(50), fc.constantFrom(-1, '5', 1.5)), offset: fc.oneof(fc.nat(1000), fc.constant(-3)) },
        { requiredKeys: [] },
      ),
    ),
    constraints: fc.oneof({ weight: 4, arbitrary: conditionList }, tower, fc.constant(null), fc.constant('junk')),
  },
  { requiredKeys: [] },
);

const report = fc.record(
  {
    Aggregation: fc.array(
      fc.record(
        { Function: fc.constantFrom('SUM', 'COUNT', 'AVG', 'MAX', 'sum', null), Attribute: name },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    Group: fc.array(
      fc.record(
        {
          Function: fc.constantFrom(null, 'DATE_TRUNC:DAY', 'DATE_TRUNC:MONTH', 'DATE_TRUNC:EON', 'X'),
          Attribute: name,
          Orientation: fc.constantFrom('vertical', 'horizontal', 'diagonal'),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

/** Raw bodies: JSON with extreme numbers or escapes, arbitrary text, and bytes that are not UTF-8. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => stringifyJson(v)),
  fc.constantFrom(
    '{"price": 1e400}',
    '{"msisdn": "\\u0000"}',
    '{"msisdn": "\\ud800"}',
    '{"a": 1, "a": 2}',
    '[[[[[[[[[[[[',
    '{',
    '{"Username": ["x"], "Password": 1}',
    '['.repeat(70) + ']'.repeat(70),
  ),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ minLength: 1, maxLength: 24 }).map((bytes) => Buffer.from(bytes)),
);

const path = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('get', 'update', 'delete', 'undelete', 'move'),
      fc.constantFrom(...TYPES, 'nosuchtype', '__proto__'),
      fc.oneof(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String),
        fc.constantFrom('-1', '1e5', '18446744073709551616', 'abc', '%00', '%C3%28', '%'),
      ),
    )
    .map((parts) => parts.join('/')),
  fc.constantFrom(
    ...PROTOTYPE_NAMES,
    'ace/__proto__',
    'auth/constructor',
    'list',
    'describe',
    'getcontainer/sim/%FF',
    'list/' + 'x'.repeat(300),
  ),
  fc
    .array(fc.string({ minLength: 1, maxLength: 6 }).map(encodeURIComponent), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.join('/')),
);

describe('emulator under property-based hostile input (fast-check)', function () {
  this.timeout(600_000);
  let emu: TestEmulator;
  let base: string;
  const keys: string[] = ['anonymous', 'not-a-session-key'];

  before(async () => {
    emu = await startEmulator({ queryDeadlineMs: 3_000 });
    base = emu.baseUrl;
    keys.push(await login(base, ...ACCOUNTS.demo), await login(base, ...ACCOUNTS.reader));
  });
  after(() => emu?.stop());
  afterEach(async () => {
    // Alive and answering within a second after the run.
    const res = await fetch(new URL('auth/validate/', base), {
      method: 'POST',
      headers: { SessionKey: keys[2]! },
      signal: AbortSignal.timeout(1_000),
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as JsonObject).Success, true);
  });

  const key = fc
    .oneof(fc.constantFrom(0, 1, 2, 3), fc.constant(undefined))
    .map((k) => (k === undefined ? undefined : keys[k]));
  const documented = (res: WireResponse, what: string) => {
    if (res.status === 200) return;
    const code = (res.body as JsonObject | null)?.code as number | string | undefined;
    assert.ok(
      code !== undefined && DOCUMENTED.has(code),
      `${what}: undocumented answer ${res.status} ${res.text.slice(0, 300)}`,
    );
  };

  it('answers random filters on list with a result or a documented code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES), filter, key, async (type, f, sessionKey) => {
        documented(
          await wire(base, `list/${type}/`, { sessionKey, form: { filter: stringifyJson(f) } }),
          `list/${type} ${stringifyJson(f).slice(0, 300)}`,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('answers random reports (with random filters) with a result or a documented code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TYPES), report, fc.option(filter), key, async (type, r, f, sessionKey) => {
        const form: Record<string, string> = { report: stringifyJson(r) };
        if (f) form.filter = stringifyJson(f);
        documented(
          await wire(base, `report/${type}/`, { sessionKey, form }),
          `report/${type} ${form.report!.slice(0, 300)}`,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('answers random bodies to every kind of method with a result or a documented code', async () => {
    const method = fc.constantFrom(
      'auth/login/',
      'create/sim/',
      'create/machine/',
      'list/sim/',
      'getmany/sim/',
      'report/sale/',
      'ace/set/',
      'upload/sale/',
      'updatemany/sim/',
    );
    await fc.assert(
      fc.asyncProperty(method, body, key, async (m, b, sessionKey) => {
        if (typeof b === 'string') {
          documented(
            await wire(base, m, {
              sessionKey,
              raw: b,
              deviceToken: m.startsWith('upload') ? '00:ab:cd:ef' : undefined,
            }),
            `${m} ${b.slice(0, 200)}`,
          );
          return;
        }
        const res = await fetch(new URL(m, base), {
          method: 'POST',
          headers: sessionKey ? { SessionKey: sessionKey } : {},
          body: b,
        });
        const text = await res.text();
        documented({ status: res.status, text, body: parseJson(text) }, `${m} bytes ${b.toString('hex')}`);
      }),
      { numRuns: 100 },
    );
  });

  it('answers random paths and method names with a result or a documented code', async () => {
    await fc.assert(
      fc.asyncProperty(path, key, async (p, sessionKey) => {
        documented(await wire(base, `${p}/`, { sessionKey, raw: '{}' }), p.slice(0, 200));
      }),
      { numRuns: 100 },
    );
  });
});
