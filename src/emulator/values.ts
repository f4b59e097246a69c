// Turning wire values into typed SQL parameters, with messages that say what was expected.
// Values always travel as parameters; only catalog-checked column names reach the SQL text.

import { toId } from '../core/ids';
import { stringifyJson, type JsonValue } from '../core/json';
import { ApiError } from './errors';
import { sqlType } from './schema';
import type { AttributeDef, DataType } from './catalog';

const INT8_MAX = (1n << 63n) - 1n;

/** Collects positional parameters for one statement. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

export interface AttributeRef {
  /** The column, already checked against the catalog. */
  column: string;
  dataType: DataType;
  /** The attribute's snake_case name. */
  name: string;
}

export function columnSql(a: AttributeRef): string {
  return `"${a.column}"`;
}

const DESCRIBE: Record<DataType, string> = {
  text: 'text',
  integer: 'a whole number',
  number: 'a number',
  id: 'an id (unsigned 64-bit integer)',
  timestamp: 'a timestamp like 2026-11-20T00:00:00+01:00',
  boolean: 'true or false',
};

/**
 * A filter value (always text on the wire) as a parameter of the attribute's type.
 * Checked here rather than left to the database so the message names the attribute.
 */
export function filterParam(a: AttributeRef, raw: string, params: SqlParams): string {
  const value = raw.trim();
  switch (a.dataType) {
    case 'text':
      return params.add(raw);
    case 'id': {
      const id = toId(value);
      if (id === undefined) throw badValue(a, raw);
      // Above int8 (2^63 and up) the value compares exactly as numeric: no stored id equals it.
      return params.add(id.toString(), id > INT8_MAX ? 'numeric' : 'int8');
    }
    case 'integer':
      if (!/^-?\d{1,18}$/.test(value)) throw badValue(a, raw);
      return params.add(value, 'int8');
    case 'number':
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) throw badValue(a, raw);
      return params.add(value, 'numeric');
    case 'boolean':
      if (!/^(true|false|t|f|1|0)$/i.test(value)) throw badValue(a, raw);
      return params.add(value, 'boolean');
    case 'timestamp':
      return params.add(isoTimestamp(a, value), 'timestamptz');
  }
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Only ISO 8601 timestamps: PostgreSQL alone would also take words like "tomorrow" or "epoch". */
function isoTimestamp(a: AttributeRef, raw: string): string {
  const value = repairTimestamp(raw.trim());
  if (!ISO_TIMESTAMP.test(value)) throw badValue(a, raw);
  return value;
}

/**
 * `curl -d 'filter={…"2016-11-20T00:00:00+01:00"…}'` (the documentation's own example) sends the
 * "+" unencoded, and form decoding turns it into a space. A careful server puts it back.
 */
export function repairTimestamp(value: string): string {
  return value.replace(/(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$/, '$1+$2');
}

/** A definition value (JSON) as a parameter for insert or update. */
export function definitionParam(a: AttributeDef, v: JsonValue, params: SqlParams): string {
  const cast = sqlType(a.dataType);
  if (v === null) return params.add(null, cast);
  const ref: AttributeRef = { column: a.name, dataType: a.dataType, name: a.name };
  switch (a.dataType) {
    case 'text':
      if (typeof v !== 'string') throw badValue(ref, v);
      return params.add(v, cast);
    case 'id': {
      const id = toId(v);
      if (id === undefined) throw badValue(ref, v);
      if (id > INT8_MAX)
        throw new ApiError(
          '22023',
          `The emulator stores ids below 2^63, so ${a.name} cannot refer to ${id}; no object here has that id.`,
        );
      return params.add(id.toString(), cast);
    }
    case 'integer':
      if (!(
        typeof v === 'bigint' ||
        (typeof v === 'number' && Number.isInteger(v)) ||
        (typeof v === 'string' && /^-?\d{1,18}$/.test(v))
      ))
        throw badValue(ref, v);
      return params.add(String(v), cast);
    case 'number':
      if (!(
        (typeof v === 'number' && Number.isFinite(v)) ||
        typeof v === 'bigint' ||
        (typeof v === 'string' && /^-?(\d+\.?\d*|\.\d+)$/.test(v))
      ))
        throw badValue(ref, v);
      return params.add(String(v), cast);
    case 'boolean':
      if (typeof v !== 'boolean') throw badValue(ref, v);
      return params.add(v, cast);
    case 'timestamp':
      if (typeof v !== 'string') throw badValue(ref, v);
      return params.add(isoTimestamp(ref, v), cast);
  }
}

function badValue(a: AttributeRef, v: JsonValue): ApiError {
  return new ApiError(
    '22023',
    `Invalid value ${stringifyJson(v)} for attribute ${a.name}: expected ${DESCRIBE[a.dataType]}.`,
  );
}
