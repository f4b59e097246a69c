import assert from 'node:assert/strict';
import { parseJson, parseJsonStrict, stringifyJson, JsonDuplicateKeyError, JsonSyntaxError } from '../../src/core/json';
import { toId, MAX_ID } from '../../src/core/ids';

describe('core/json: lossless parsing', () => {
  it('keeps ids above 2^53 digit-exact (JSON.parse would round …984 to …980)', () => {
    const v = parseJson('{"id": 125609740326667984, "n": 3, "f": 2.5}') as Record<string, unknown>;
    assert.equal(v.id, 125609740326667984n);
    assert.equal(v.n, 3);
    assert.equal(v.f, 2.5);
  });

  it('keeps the largest unsigned 64-bit id and negative big integers', () => {
    const v = parseJson(`[${MAX_ID}, -9223372036854775808, 9007199254740991, 9007199254740993]`);
    assert.deepEqual(v, [MAX_ID, -9223372036854775808n, 9007199254740991, 9007199254740993n]);
  });

  it('does not touch digits inside strings, including escaped quotes', () => {
    const v = parseJson('{"a": "x\\"125609740326667984", "b": "\\\\", "c": 125609740326667984}');
    assert.deepEqual(v, { a: 'x"125609740326667984', b: '\\', c: 125609740326667984n });
  });

  it('leaves big non-integers as numbers (they are never ids)', () => {
    assert.deepEqual(parseJson('[1.25609740326667984e17, 125609740326667984.5]'), [
      Number('1.25609740326667984e17'),
      Number('125609740326667984.5'),
    ]);
  });

  it('falls back correctly when a string already starts with the marker character', () => {
    const v = parseJson('{"s": "\\u0000123", "id": 125609740326667984}');
    assert.deepEqual(v, { s: '\u0000123', id: 125609740326667984n });
  });

  it('agrees with JSON.parse on documents without big integers', () => {
    const text = '{"a":[1,2,{"b":null,"c":true,"d":"\\u00e9\\n"}],"e":-0.5e-3,"__proto__":1}';
    assert.deepEqual(parseJson(text), JSON.parse(text));
    assert.deepEqual(parseJsonStrict(text), JSON.parse(text));
  });

  it('reports syntax errors with a position', () => {
    assert.throws(
      () => parseJsonStrict('{"a": 1,}'),
      (e: unknown) => e instanceof JsonSyntaxError && e.position === 8,
    );
    assert.throws(() => parseJson('{"a": 125609740326667984,'), SyntaxError);
    assert.throws(() => parseJsonStrict('"abc'), /unterminated string/);
    assert.throws(() => parseJsonStrict('[1] x'), /end of input/);
  });

  it('detects duplicate keys in strict mode only', () => {
    assert.throws(() => parseJsonStrict('{"a":1,"a":2}'), JsonDuplicateKeyError);
    assert.deepEqual(parseJsonStrict('{"a":1,"a":2}', { duplicateKeys: 'last' }), { a: 2 });
  });

  it('keeps "__proto__" an own property instead of changing the prototype', () => {
    const v = parseJsonStrict('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
  });
});

describe('core/json: stringify', () => {
  it('writes bigints as bare numbers and round-trips', () => {
    const value = { id: 125609740326667984n, list: [1, 2.5, 'x', null, true], nested: { a: {} } };
    const text = stringifyJson(value);
    assert.equal(text, '{"id":125609740326667984,"list":[1,2.5,"x",null,true],"nested":{"a":{}}}');
    assert.deepEqual(parseJson(text), value);
    assert.equal(stringifyJson({ small: 7n }), '{"small":7}');
  });

  it('pretty-prints exactly like JSON.stringify for ordinary values', () => {
    const value = { a: [1, { b: 'c' }, []], d: {}, e: undefined, f: () => 1, g: [undefined] };
    assert.equal(stringifyJson(value, 2), JSON.stringify(value, null, 2));
    assert.equal(stringifyJson(value), JSON.stringify(value));
  });
});

describe('core/ids', () => {
  it('accepts bigint, safe numbers and digit strings within 0..2^64-1', () => {
    assert.equal(toId(125609740326667984n), 125609740326667984n);
    assert.equal(toId('125609740326667984'), 125609740326667984n);
    assert.equal(toId(42), 42n);
    assert.equal(toId(MAX_ID.toString()), MAX_ID);
  });
  it('refuses rounded numbers, negatives, overflow and junk', () => {
    assert.equal(toId(125609740326667984), undefined);
    assert.equal(toId(-1), undefined);
    assert.equal(toId((MAX_ID + 1n).toString()), undefined);
    assert.equal(toId('12a'), undefined);
    assert.equal(toId(1.5), undefined);
    assert.equal(toId(null), undefined);
  });
});
