// Lossless JSON for Vensoft payloads.
//
// Vensoft ids are unsigned 64-bit integers written as bare JSON numbers (125609740326667984), far
// above 2^53, so JSON.parse silently rounds them. Here integers outside the safe range become
// `bigint`; every other number stays a JS number. Stringify writes bigints back as bare digits.
//
// Speed: responses are mostly small safe numbers and strings, so parseJson first scans the text
// for long integer literals. With none, the native parser does all the work. With some, they are
// rewritten into marked strings, parsed natively, and a reviver turns the marks into bigints.
// A hand-written parser (parseJsonStrict) is the fallback and is also what request bodies use,
// because it reports duplicate keys (which the native parser silently merges).

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export class JsonDuplicateKeyError extends JsonSyntaxError {
  constructor(
    readonly key: string,
    position: number,
  ) {
    super(`duplicate key "${key}" at position ${position}`, position);
    this.name = 'JsonDuplicateKeyError';
  }
}

// Integer literals with at most 15 digits are always safe; with 16 they may or may not be.
const SAFE_DIGITS = 15;

/** Parses JSON text; integers outside Number's safe range become bigint. */
export function parseJson(text: string): JsonValue {
  const big = findUnsafeIntegers(text);
  if (big === undefined) return parseJsonStrict(text, { duplicateKeys: 'last' });
  if (big.length === 0) return nativeParse(text);
  // A string that already starts with the mark would be mistaken for a rewritten number.
  if (text.includes('\\u0000')) return parseJsonStrict(text, { duplicateKeys: 'last' });
  let rewritten = '';
  let from = 0;
  for (const [start, end] of big) {
    rewritten += text.slice(from, start) + '"\\u0000' + text.slice(start, end) + '"';
    from = end;
  }
  rewritten += text.slice(from);
  return reviveMarks(nativeParse(rewritten));
}

/** Turns marked strings back into bigints, in place. (A JSON.parse reviver costs 2.5× the parse.) */
function reviveMarks(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.charCodeAt(0) === 0 ? BigInt(value.slice(1)) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i]!;
      if (typeof item === 'object' ? item !== null : typeof item === 'string' && item.charCodeAt(0) === 0)
        value[i] = reviveMarks(item);
    }
    return value;
  }
  for (const key in value) {
    const item = value[key]!;
    if (typeof item === 'object' ? item !== null : typeof item === 'string' && item.charCodeAt(0) === 0)
      value[key] = reviveMarks(item);
  }
  return value;
}

function nativeParse(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    // Re-parse with our own parser for a message with a reliable position.
    parseJsonStrict(text, { duplicateKeys: 'last' });
    throw e;
  }
}

/**
 * Finds integer literals (outside strings) that do not fit a JS number exactly.
 * Returns undefined when the text is not well-formed enough to scan (the caller falls back).
 */
function findUnsafeIntegers(text: string): Array<[number, number]> | undefined {
  const found: Array<[number, number]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string: find the closing quote that is not escaped.
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return undefined;
        let backslashes = 0;
        for (let k = q - 1; k > i && text.charCodeAt(k) === 92; k--) backslashes++;
        if (backslashes % 2 === 0) {
          i = q + 1;
          break;
        }
        j = q + 1;
      }
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      if (c === 45) i++;
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digits = i - digitsStart;
      let integer = true;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) integer = false;
        else if (!isDigit(d)) break;
        i++;
      }
      if (integer && digits > SAFE_DIGITS && !Number.isSafeInteger(Number(text.slice(start, i)))) {
        found.push([start, i]);
      }
    } else {
      i++;
    }
  }
  return found;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Nesting deeper than StrictOptions.maxDepth: refused before it can exhaust the stack or memory. */
export class JsonDepthError extends JsonSyntaxError {
  constructor(
    readonly maxDepth: number,
    position: number,
  ) {
    super(`nesting deeper than ${maxDepth} levels at position ${position}`, position);
    this.name = 'JsonDepthError';
  }
}

export interface StrictOptions {
  /** 'error' throws JsonDuplicateKeyError; 'last' keeps the last value like JSON.parse. */
  duplicateKeys: 'error' | 'last';
  /** The deepest nesting of arrays and objects accepted (JsonDepthError beyond); unlimited by default. */
  maxDepth?: number;
}

/** A complete recursive-descent JSON parser with exact positions in its errors. */
export function parseJsonStrict(text: string, options: StrictOptions = { duplicateKeys: 'error' }): JsonValue {
  let i = 0;
  let depth = 0;
  const n = text.length;
  const maxDepth = options.maxDepth ?? Infinity;
  const enter = () => {
    if (++depth > maxDepth) throw new JsonDepthError(maxDepth, i);
  };

  const fail = (what: string): never => {
    if (i >= n) throw new JsonSyntaxError(`unexpected end of JSON input (${what})`, i);
    throw new JsonSyntaxError(`unexpected ${JSON.stringify(text[i])} at position ${i} (${what})`, i);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const literal = (word: string, value: JsonValue): JsonValue => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail(`expected ${word}`);
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    let escaped = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        const raw = text.slice(start, i);
        return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      }
      if (c < 32) fail('control character in string');
      if (c === 92) {
        escaped = true;
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('bad \\u escape');
          }
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          i++;
          fail('bad escape');
        }
        i += 2;
        continue;
      }
      i++;
    }
    return fail('unterminated string');
  };
  const num = (): number | bigint => {
    const start = i;
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (i < n && isDigit(text.charCodeAt(i))) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    } else fail('expected a digit');
    let integer = true;
    if (text[i] === '.') {
      integer = false;
      i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) fail('expected a digit after "."');
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      integer = false;
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) fail('expected a digit in exponent');
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const raw = text.slice(start, i);
    const value = Number(raw);
    if (integer && !Number.isSafeInteger(value)) return BigInt(raw);
    return value;
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      enter();
      i++;
      const obj: JsonObject = {};
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        depth--;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a property name');
        const keyPos = i;
        const key = str();
        if (seen.has(key) && options.duplicateKeys === 'error') throw new JsonDuplicateKeyError(key, keyPos);
        seen.add(key);
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        const v = value();
        // defineProperty keeps a "__proto__" key an ordinary own property, as JSON.parse does.
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      enter();
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        depth--;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return str();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    return num();
  };

  const result = value();
  ws();
  if (i < n) fail('expected end of input');
  return result;
}

/**
 * Stringifies a JSON value; bigints are written as bare integer literals.
 * `indent` pretty-prints like JSON.stringify(value, null, indent).
 */
export function stringifyJson(value: unknown, indent?: number | string): string {
  const pad = typeof indent === 'number' ? ' '.repeat(Math.min(10, indent)) : (indent ?? '');
  const out: string[] = [];
  const write = (v: unknown, current: string): boolean => {
    if (v === null) {
      out.push('null');
      return true;
    }
    switch (typeof v) {
      case 'string':
        out.push(JSON.stringify(v));
        return true;
      case 'number':
        out.push(Number.isFinite(v) ? String(v) : 'null');
        return true;
      case 'bigint':
        out.push(v.toString());
        return true;
      case 'boolean':
        out.push(v ? 'true' : 'false');
        return true;
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
    }
    const obj = v as { toJSON?: () => unknown };
    if (typeof obj.toJSON === 'function') return write(obj.toJSON(), current);
    const inner = current + pad;
    const sep = pad ? ',\n' + inner : ',';
    if (Array.isArray(v)) {
      if (v.length === 0) {
        out.push('[]');
        return true;
      }
      out.push(pad ? '[\n' + inner : '[');
      v.forEach((item, k) => {
        if (k > 0) out.push(sep);
        if (!write(item, inner)) out.push('null');
      });
      out.push(pad ? '\n' + current + ']' : ']');
      return true;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    out.push('{');
    let first = true;
    for (const [k, item] of entries) {
      const mark = out.length;
      out.push((first ? (pad ? '\n' + inner : '') : sep) + JSON.stringify(k) + (pad ? ': ' : ':'));
      if (write(item, inner)) first = false;
      else out.length = mark;
    }
    out.push(first ? '}' : pad ? '\n' + current + '}' : '}');
    return true;
  };
  if (!write(value, '')) return 'null';
  return out.join('');
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
