// Properties of the lossless JSON parser (src/core/json.ts): on documents without big integers it
// reads exactly what JSON.parse reads; with integers beyond 2^53 it keeps every digit, as bigint,
// and writes them back unchanged.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJson, parseJsonStrict, stringifyJson, type JsonValue } from '../../src/core/json';

const RUNS = 2000;

/** True when no number in the value is an integer outside the safe range (JSON.parse would round it). */
function withoutBigIntegers(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isInteger(value) || Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.every(withoutBigIntegers);
  if (value !== null && typeof value === 'object') return Object.values(value).every(withoutBigIntegers);
  return true;
}

/** JSON text as JSON.stringify writes it, compact or indented; strings in any unicode, lone surrogates included. */
const ordinaryDocument = fc
  .tuple(
    fc
      .oneof(fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }), fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }))
      .filter(withoutBigIntegers),
    fc.constantFrom(undefined, 2, '\t'),
  )
  .map(([value, indent]) => JSON.stringify(value, null, indent));

const bigInteger = fc.oneof(
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: -(2n ** 63n), max: -(2n ** 53n) }),
  fc.constantFrom(2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 125609740326667984n, 18446744073709551615n),
);

/** A value with big integers (as bigint) among safe numbers, strings and the rest, at any depth. */
const valueWithBigIntegers: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    bigInteger,
    fc.oneof(
      fc.maxSafeInteger(),
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter(withoutBigIntegers)
        .map((n) => (Object.is(n, -0) ? 0 : n)),
      // Any code point, \u0000 and lone surrogates too: the parser has a fallback for text with \u0000.
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('125609740326667984', 'x"125609740326667984', '\u0000123', '\\'),
      fc.boolean(),
      fc.constant(null),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .dictionary(fc.string({ unit: 'binary', maxLength: 8 }), tie('value'), { maxKeys: 4 })
      .map((o) => Object.fromEntries(Object.entries(o)) as JsonValue),
  ),
})).value;

/** Every bigint in a value, in document order. */
function bigIntegersOf(value: JsonValue): bigint[] {
  if (typeof value === 'bigint') return [value];
  if (Array.isArray(value)) return value.flatMap(bigIntegersOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(bigIntegersOf);
  return [];
}

/** The big integers of a JSON text, read off its characters (outside strings) without any parser. */
function integerLiteralsBeyondSafe(text: string): bigint[] {
  const found: bigint[] = [];
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (const [literal] of text.matchAll(token)) {
    if (literal.startsWith('"') || !/^-?\d+$/.test(literal)) continue;
    const n = BigInt(literal);
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) found.push(n);
  }
  return found;
}

describe('core/json: properties against JSON.parse', () => {
  it('reads documents without big integers exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(ordinaryDocument, (text) => {
        assert.deepStrictEqual(parseJson(text), JSON.parse(text));
        assert.deepStrictEqual(parseJsonStrict(text, { duplicateKeys: 'last' }), JSON.parse(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('writes such documents as JSON.stringify does', () => {
    fc.assert(
      fc.property(ordinaryDocument, (text) => {
        const value = JSON.parse(text) as JsonValue;
        assert.equal(stringifyJson(value), JSON.stringify(value));
        assert.equal(stringifyJson(value, 2), JSON.stringify(value, null, 2));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps integers beyond 2^53 digit for digit, as bigint, through a round trip', () => {
    fc.assert(
      fc.property(valueWithBigIntegers, fc.constantFrom(undefined, 2), (value, indent) => {
        const text = stringifyJson(value, indent);
        const parsed = parseJson(text);
        assert.deepStrictEqual(parsed, value);
        assert.deepStrictEqual(bigIntegersOf(parsed), integerLiteralsBeyondSafe(text));
        assert.equal(stringifyJson(parsed, indent), text);
        assert.deepStrictEqual(parseJsonStrict(text), parsed);
      }),
      { numRuns: RUNS },
    );
  });
});
