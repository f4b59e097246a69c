// The columns of an exported or imported type and what kind of value each holds. Describe names the
// readable and writeable attributes but not their data types, so the kind of each comes from its name
// (ids, timestamps) and from values the server holds (a sample page), and is 'unknown' otherwise.
import { attributeKey, toSnakeCase } from './attributeNames';
import { guardFormula } from './spreadsheetText';
import { stringifyJson, type JsonObject, type JsonValue } from './json';

export type ValueKind = 'id' | 'timestamp' | 'number' | 'boolean' | 'text' | 'unknown';

export interface TransferColumn {
  /** snake_case, as definitions spell it. */
  name: string;
  kind: ValueKind;
  writeable: boolean;
}

export interface TransferSchema {
  type: string;
  /** id, parent_id, owner, then the readable attributes in describe's order. */
  columns: TransferColumn[];
}

/** Every object has these, first in every file; the server sets them (parent_id only at create). */
export const SYSTEM_COLUMNS = ['id', 'parent_id', 'owner'] as const;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function isIsoTimestamp(text: string): boolean {
  return ISO_TIMESTAMP.test(text.trim());
}

/** The kind a name tells: ids end in _id (and owner is a user's id), timestamps start with tstamp. */
function kindByName(name: string): ValueKind | undefined {
  if (name === 'id' || name === 'parent_id' || name === 'owner' || name.endsWith('_id')) return 'id';
  if (name.startsWith('tstamp')) return 'timestamp';
  return undefined;
}

function kindOfValue(v: JsonValue | undefined): ValueKind | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return isIsoTimestamp(v) ? 'timestamp' : 'text';
  return 'unknown';
}

/** The schema of a type from describe's attribute lists and a sample of its objects' definitions. */
export function transferSchema(
  type: string,
  readable: readonly string[],
  writeable: readonly string[],
  samples: readonly JsonObject[],
): TransferSchema {
  const writeableKeys = new Set(writeable.map(attributeKey));
  const names = [...new Set([...SYSTEM_COLUMNS, ...readable.map(toSnakeCase)])];
  const columns = names.map((name) => {
    let kind = kindByName(name);
    for (const sample of samples) {
      if (kind) break;
      kind = kindOfValue(sample[name]);
    }
    return { name, kind: kind ?? 'unknown', writeable: writeableKeys.has(attributeKey(name)) };
  });
  return { type, columns };
}

/** A timestamp as ISO 8601 ("2026-11-20 10:15:00+00" → "2026-11-20T10:15:00Z"); other text as it is. */
export function isoTimestamp(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2} \d/.test(text)) return text;
  return text.replace(' ', 'T').replace(/\+00(:00)?$/, 'Z');
}

function cellText(column: TransferColumn, v: JsonValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') return guardFormula(stringifyJson(v));
  return column.kind === 'timestamp' ? isoTimestamp(v) : guardFormula(v);
}

/** An object as CSV cells in the schema's columns: ids as digits, timestamps ISO, formulas guarded. */
export function csvCells(schema: TransferSchema, id: bigint, definition: JsonObject): string[] {
  return schema.columns.map((c) => (c.name === 'id' ? id.toString() : cellText(c, definition[c.name])));
}

/** An object as one line of JSON in the schema's columns, ids as bare digits (never rounded). */
export function jsonRecord(schema: TransferSchema, id: bigint, definition: JsonObject): string {
  const record: JsonObject = {};
  for (const c of schema.columns) {
    const v = c.name === 'id' ? id : (definition[c.name] ?? null);
    record[c.name] = c.kind === 'timestamp' && typeof v === 'string' ? isoTimestamp(v) : v;
  }
  return stringifyJson(record);
}
