// An object document's edit, as pure logic: read the user's text, compare it with the definition
// that was opened, and say what `update` must send. Ids stay bigint throughout.
import { attributeKey } from './attributeNames';
import { isJsonObject, JsonSyntaxError, parseJsonStrict, stringifyJson, type JsonObject, type JsonValue } from './json';

/** Deep equality of JSON values, bigint-aware and blind to key order. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint')
    return (
      (typeof a === 'bigint' || typeof a === 'number') &&
      (typeof b === 'bigint' || typeof b === 'number') &&
      BigInt(a) === BigInt(b as bigint)
    );
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, k) => jsonEqual(item, b[k]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The text of an object document: the definition, indented, every id digit-exact (readDefinition reads it back). */
export function documentText(definition: JsonObject): string {
  return `${stringifyJson(definition, 2)}\n`;
}

export type ReadResult = { definition: JsonObject } | { problem: string };

/** Reads a document's text as a definition, or says what is wrong and where. */
export function readDefinition(text: string): ReadResult {
  let value: JsonValue;
  try {
    value = parseJsonStrict(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const { line, column } = lineAndColumn(text, e.position);
      return {
        problem: `The document is not valid JSON (line ${line}, column ${column}: ${e.message}). Fix it and save again; your text is kept.`,
      };
    }
    throw e;
  }
  if (!isJsonObject(value))
    return {
      problem:
        'The document must be one JSON object of attributes, like { "name": "…" }. Fix it and save again; your text is kept.',
    };
  return { definition: value };
}

export interface DefinitionDiff {
  /** What update must send: changed and added attributes, and removed ones as null. */
  changes: JsonObject;
  /** Attributes the user deleted from the document (sent as null). */
  removed: string[];
  /** Set when parent_id was edited: update does not move objects, Move does. */
  parentChange?: { from: JsonValue | undefined; to: JsonValue | undefined };
}

/**
 * The difference between the opened definition and the edited one. Removing an attribute means
 * "set it to null" (the API has no way to unset). parent_id is left out of `changes`.
 */
export function diffDefinition(opened: JsonObject, edited: JsonObject): DefinitionDiff {
  const changes: JsonObject = {};
  const removed: string[] = [];
  let parentChange: DefinitionDiff['parentChange'];
  for (const [key, value] of Object.entries(edited)) {
    if (jsonEqual(opened[key], value) && key in opened) continue;
    if (key === 'parent_id') parentChange = { from: opened[key], to: value };
    else changes[key] = value;
  }
  for (const key of Object.keys(opened)) {
    if (key in edited || opened[key] === null) continue;
    if (key === 'parent_id') parentChange = { from: opened[key], to: undefined };
    else {
      changes[key] = null;
      removed.push(key);
    }
  }
  return parentChange ? { changes, removed, parentChange } : { changes, removed };
}

/**
 * What a modified document is based on once the server's state changed under it: the server's value
 * where the user's text already agrees with it (nothing left to send there, e.g. the parent after a
 * Move to the parent typed), and the old base elsewhere, so that a value the user did not touch is
 * not sent back over the server's newer one.
 */
export function rebase(base: JsonObject, edited: JsonObject, server: JsonObject): JsonObject {
  const rebased: JsonObject = { ...base };
  for (const [key, value] of Object.entries(server))
    if (key in edited && jsonEqual(edited[key], value)) rebased[key] = value;
  return rebased;
}

/** Names in `changes` the user may not update, given the type's writeable attributes (any spelling). */
export function notUpdatable(changes: JsonObject, writeable: readonly string[]): string[] {
  const allowed = new Set(writeable.map(attributeKey));
  return Object.keys(changes).filter((k) => !allowed.has(attributeKey(k)));
}

export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
