// What a method handler receives: path parameters, form fields or a JSON body, and the caller.

import { toId, type Id } from '../core/ids';
import {
  isJsonObject,
  JsonDepthError,
  JsonDuplicateKeyError,
  JsonSyntaxError,
  parseJsonStrict,
  type JsonValue,
} from '../core/json';
import { ApiError } from './errors';
import { checkCount, limitExceeded, LIMITS } from './limits';
import type { UserAccess } from './access';

export interface Caller {
  userId: Id;
  access: UserAccess;
  /** The DeviceToken the session was opened with, if any (such sessions get leaner payloads). */
  sessionDeviceToken: string | null;
  sessionKeyHash: string | null;
}

export interface Call {
  params: string[];
  /** Form fields (application/x-www-form-urlencoded body or query string). */
  fields: Record<string, string>;
  /** The body when it is JSON, whatever the Content-Type says. */
  body: JsonValue | undefined;
  headers: { sessionKey: string | undefined; deviceToken: string | undefined };
  caller: Caller;
}

/**
 * Parses JSON sent by a client; duplicate keys are an error (42701), as they are ambiguous. Nesting
 * is bounded (54000); numbers must be finite and strings storable (22023), see checkRequestValue.
 */
export function parseRequestJson(text: string, what: string): JsonValue {
  try {
    const value = parseJsonStrict(text, { duplicateKeys: 'error', maxDepth: LIMITS.jsonDepth });
    checkRequestValue(value, what);
    return value;
  } catch (e) {
    if (e instanceof JsonDepthError) throw limitExceeded(`The nesting of the ${what}`, LIMITS.jsonDepth, 'levels');
    if (e instanceof JsonDuplicateKeyError)
      throw new ApiError('42701', `The ${what} names "${e.key}" twice; name each attribute once.`);
    if (e instanceof JsonSyntaxError) {
      // curl -d '{…}' -d name=value joins both with "&" into one body.
      const hint =
        text[e.position] === '&'
          ? ' Other parameters cannot follow a JSON body; put them in the query string (?return_privileges=false).'
          : '';
      throw new ApiError('22023', `The ${what} is not valid JSON: ${e.message}.${hint}`);
    }
    throw e;
  }
}

/**
 * Text PostgreSQL cannot store faithfully is refused rather than altered: a NUL character, or a
 * lone UTF-16 surrogate (from a \\ud800 escape) that would become U+FFFD on the way to UTF-8.
 */
export function checkRequestText(text: string, what: string): void {
  if (text.includes('\0'))
    throw new ApiError('22023', `The ${what} contains a NUL character (\\u0000), which text values cannot hold.`);
  if (/[\uD800-\uDFFF]/u.test(text))
    throw new ApiError(
      '22023',
      `The ${what} contains a lone UTF-16 surrogate, which is not a character; send valid Unicode.`,
    );
}

/** Every string and key in client JSON is storable text; every number is finite (1e400 is not). */
function checkRequestValue(value: JsonValue, what: string): void {
  if (typeof value === 'string') checkRequestText(value, what);
  else if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new ApiError(
        '22023',
        `The ${what} holds a number too large for a double (like 1e400); send a finite number.`,
      );
  } else if (Array.isArray(value)) for (const v of value) checkRequestValue(v, what);
  else if (isJsonObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      checkRequestText(k, what);
      checkRequestValue(v, what);
    }
  }
}

/**
 * Form fields (a form body or a query string), decoded strictly: percent-escapes that are not valid
 * UTF-8 are refused (22023) where URLSearchParams would silently turn them into U+FFFD.
 */
export function parseFormFields(text: string, what: string): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    entries.push([decodeFormPart(name, what), decodeFormPart(value, what)]);
  }
  return Object.fromEntries(entries);
}

function decodeFormPart(part: string, what: string): string {
  let text: string;
  try {
    // A "%" that starts no escape stays literal, as URLSearchParams keeps it (curl -d sends JSON unencoded).
    text = part.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => decodeURIComponent(escapes));
  } catch {
    throw new ApiError(
      '22023',
      `The ${what} has percent-escapes that are not valid UTF-8 (${part.slice(0, 40)}…); encode values as UTF-8.`,
    );
  }
  checkRequestText(text, what);
  return text;
}

/**
 * A named parameter: a form field (or query-string field), or a key of a JSON object body.
 * Names match case-insensitively. Form fields are text; body keys are already JSON.
 */
function findParam(call: Call, name: string): { text: string } | { json: JsonValue } | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(call.fields).find((k) => k.toLowerCase() === lower);
  if (key !== undefined) return { text: call.fields[key]! };
  if (isJsonObject(call.body)) {
    const bodyKey = Object.keys(call.body).find((k) => k.toLowerCase() === lower);
    if (bodyKey !== undefined) return { json: call.body[bodyKey]! };
  }
  return undefined;
}

/** A JSON-valued parameter such as filter, report, ids or definition. */
export function jsonParam(call: Call, name: string): JsonValue | undefined {
  const found = findParam(call, name);
  if (!found) return undefined;
  if ('json' in found) return found.json;
  return found.text.trim() === '' ? undefined : parseRequestJson(found.text, `"${name}" parameter`);
}

export function textParam(call: Call, name: string): string | undefined {
  const v = rawParam(call, name);
  return v === undefined || v === null ? undefined : typeof v === 'string' ? v : String(v);
}

export function rawParam(call: Call, name: string): JsonValue | undefined {
  const found = findParam(call, name);
  return found === undefined ? undefined : 'json' in found ? found.json : found.text;
}

export function boolParam(call: Call, name: string, fallback: boolean): boolean {
  const v = rawParam(call, name);
  if (v === undefined || v === null || v === '') return fallback;
  if (v === true || v === false) return v;
  const s = String(v).trim().toLowerCase();
  if (['true', '1', 't', 'yes'].includes(s)) return true;
  if (['false', '0', 'f', 'no'].includes(s)) return false;
  throw new ApiError('22023', `Parameter ${name} must be true or false, not "${String(v)}".`);
}

export function idParam(value: JsonValue | undefined, what: string): Id {
  if (value === undefined || value === null || value === '') throw new ApiError('22004', `${what} is required.`);
  const id = toId(typeof value === 'string' ? value.trim() : value);
  if (id === undefined)
    throw new ApiError(
      '22023',
      `${what} must be an unsigned 64-bit integer id, not ${typeof value === 'string' ? `"${value}"` : String(value)}.`,
    );
  return id;
}

/** The ids=[…] parameter of getmany, deletemany and updatemany. */
export function idsParam(call: Call): Id[] {
  const v = jsonParam(call, 'ids');
  if (v === undefined) throw new ApiError('22004', 'Parameter ids is required: ids=[id, id, …].');
  if (!Array.isArray(v))
    throw new ApiError('22023', 'Parameter ids must be a JSON array of ids: ids=[125609740326667984, …].');
  checkCount(v.length, LIMITS.ids, 'The number of ids');
  return v.map((x, k) => idParam(x, `ids[${k}]`));
}

/** Sessions opened with a DeviceToken get leaner payloads unless the caller asks otherwise. */
export function transferOptions(call: Call): { privileges: boolean; attributePrivileges: boolean } {
  const lean = call.caller.sessionDeviceToken !== null;
  return {
    privileges: boolParam(call, 'return_privileges', !lean),
    attributePrivileges: boolParam(call, 'return_attribute_privileges', !lean),
  };
}
