// What an import would do, as pure data: file columns mapped to attributes, each row's values
// converted and checked against the type's schema, and each row planned as a create, an update with
// only the attributes that differ from the server's, unchanged, or refused with its reason. The
// preview shows it; the run plans each page again against fresh values and sends what it says.
import { attributeKey, findAttribute, suggestAttribute } from './attributeNames';
import { toId } from './ids';
import { isJsonObject, stringifyJson, type JsonObject, type JsonValue } from './json';
import { jsonEqual } from './objectEdit';
import { unguardFormula } from './spreadsheetText';
import { isIsoTimestamp, isoTimestamp, type TransferColumn, type TransferSchema } from './transferSchema';

/** A file column → attribute (snake_case) or null (ignored). */
export type ColumnMapping = Record<string, string | null>;

/** The reason column of a file of failed rows. */
export const REASON_COLUMN = 'import_problem';

export interface MappedColumns {
  mapping: ColumnMapping;
  /** Columns that match no attribute and that `saved` does not map: the user maps or ignores them. */
  unknown: string[];
}

/** Maps columns by name (case- and underscore-insensitive), then by a mapping saved for the type. */
export function mapColumns(
  headers: readonly string[],
  schema: TransferSchema,
  saved: ColumnMapping = {},
): MappedColumns {
  const names = schema.columns.map((c) => c.name);
  const mapping: ColumnMapping = {};
  const unknown: string[] = [];
  for (const header of headers) {
    if (attributeKey(header) === attributeKey(REASON_COLUMN)) mapping[header] = null;
    else if (findAttribute(header, names)) mapping[header] = findAttribute(header, names)!;
    else if (header in saved && (saved[header] === null || names.includes(saved[header]!)))
      mapping[header] = saved[header]!;
    else unknown.push(header);
  }
  return { mapping, unknown };
}

/** A "did you mean" for an unknown column, for the mapping step. */
export function suggestColumn(header: string, schema: TransferSchema): string | undefined {
  return suggestAttribute(
    header,
    schema.columns.map((c) => c.name),
  );
}

/** One record of the file: CSV gives text per column, JSON and NDJSON give JSON values. */
export interface SourceRow {
  /** The line (CSV, NDJSON) or the element's position (JSON) it came from, from 1. */
  line: number;
  values: Record<string, JsonValue>;
  /** What could not be read (a malformed CSV line, invalid JSON): the row is refused with it. */
  problem?: string;
}

export type SourceFormat = 'csv' | 'json' | 'ndjson';

export interface ConvertedRow {
  line: number;
  id?: bigint;
  parentId?: bigint;
  /** Attribute → value, for the mapped attributes other than id and parent_id. */
  values: JsonObject;
  problems: string[];
}

const EXPECTED: Record<TransferColumn['kind'], string> = {
  id: 'an id (digits only)',
  timestamp: 'an ISO 8601 timestamp such as 2026-11-20T10:15:00Z',
  number: 'a number',
  boolean: 'true or false',
  text: 'text',
  unknown: 'a value',
};

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const TRUE = /^(true|t|yes|y|1|wahr|ja)$/i;
const FALSE = /^(false|f|no|n|0|falsch|nein)$/i;

type Converted = { value: JsonValue } | { problem: string };

/** A CSV cell as the value of its column: empty is null; numbers may use a decimal comma. */
export function convertText(column: TransferColumn, cell: string): Converted {
  const text = cell.trim();
  if (text === '') return { value: null };
  switch (column.kind) {
    case 'id': {
      const id = toId(text);
      return id === undefined ? { problem: expected(column, cell) } : { value: id };
    }
    case 'number': {
      const dotted = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
      if (!NUMBER.test(dotted)) return { problem: expected(column, cell) };
      const n = Number(dotted);
      // A whole number beyond 2^53 stays exact as a bigint.
      return { value: /^-?\d+$/.test(dotted) && !Number.isSafeInteger(n) ? BigInt(dotted) : n };
    }
    case 'boolean':
      return TRUE.test(text)
        ? { value: true }
        : FALSE.test(text)
          ? { value: false }
          : { problem: expected(column, cell) };
    case 'timestamp':
      return isIsoTimestamp(text) ? { value: isoTimestamp(text) } : { problem: expected(column, cell) };
    default:
      return { value: unguardFormula(cell) };
  }
}

/** A JSON value as the value of its column: the right JSON type, ids also as digit strings. */
export function convertJson(column: TransferColumn, v: JsonValue): Converted {
  if (v === null) return { value: null };
  const ok =
    column.kind === 'id'
      ? toId(v) !== undefined
      : column.kind === 'number'
        ? typeof v === 'number' || typeof v === 'bigint'
        : column.kind === 'boolean'
          ? typeof v === 'boolean'
          : column.kind === 'timestamp'
            ? typeof v === 'string' && isIsoTimestamp(v)
            : column.kind === 'text'
              ? typeof v === 'string'
              : true;
  if (!ok) return { problem: expected(column, stringifyJson(v)) };
  return { value: column.kind === 'id' ? toId(v)! : v };
}

function expected(column: TransferColumn, shown: string): string {
  const text = shown.length > 60 ? `${shown.slice(0, 57)}…` : shown;
  return `${column.name}: "${text}" is not ${EXPECTED[column.kind]}`;
}

/** Reads a row through the mapping: the id, the parent and the values, and what is wrong with them. */
export function convertRow(
  row: SourceRow,
  mapping: ColumnMapping,
  schema: TransferSchema,
  format: SourceFormat,
): ConvertedRow {
  const converted: ConvertedRow = { line: row.line, values: {}, problems: row.problem ? [row.problem] : [] };
  if (row.problem) return converted;
  for (const [header, raw] of Object.entries(row.values)) {
    const name = mapping[header];
    if (name === undefined)
      converted.problems.push(`Unknown column "${header}": map it to an attribute, or leave it out`);
    const column = name ? schema.columns.find((c) => c.name === name) : undefined;
    if (!column) continue;
    const result =
      format === 'csv' && typeof raw === 'string' ? convertText(column, raw) : convertJson(column, raw ?? null);
    if ('problem' in result) converted.problems.push(result.problem);
    else if (column.name === 'id') converted.id = (result.value as bigint | null) ?? undefined;
    else if (column.name === 'parent_id') converted.parentId = (result.value as bigint | null) ?? undefined;
    else converted.values[column.name] = result.value;
  }
  return converted;
}

export interface AttributeChange {
  from: JsonValue;
  to: JsonValue;
}

export type PlanEntry =
  | { kind: 'create'; line: number; parentId: bigint; definition: JsonObject }
  | { kind: 'update'; line: number; id: bigint; changes: Record<string, AttributeChange> }
  | { kind: 'unchanged'; line: number; id: bigint }
  | { kind: 'refused'; line: number; id?: bigint; reason: string };

export interface PlanContext {
  schema: TransferSchema;
  /** The server's definitions of the rows' ids (a getmany); an id missing here does not exist for this user. */
  current: ReadonlyMap<bigint, JsonObject>;
  /** The parent of rows without a parent_id (picked by the user). */
  defaultParent?: bigint;
  /** Where this user may create the type (getcontainer with "create"); undefined: not known, not checked. */
  creatableParents?: ReadonlySet<bigint>;
  mayCreate: boolean;
}

/** Equal as values of the column: ids by value, numbers by value, timestamps by instant, empty text as null. */
export function sameValue(
  column: TransferColumn | undefined,
  a: JsonValue | undefined,
  b: JsonValue | undefined,
): boolean {
  const empty = (v: JsonValue | undefined) => v === null || v === undefined || v === '';
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (column?.kind === 'id') return toId(a) !== undefined && toId(a) === toId(b);
  if (column?.kind === 'timestamp' && typeof a === 'string' && typeof b === 'string')
    return a === b || Date.parse(isoTimestamp(a)) === Date.parse(isoTimestamp(b));
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint'))
    return typeof a === typeof b ? a === b : Number(a) === Number(b);
  return jsonEqual(a, b);
}

/** Plans one converted row. */
export function planRow(row: ConvertedRow, context: PlanContext): PlanEntry {
  const { line } = row;
  if (row.problems.length) return { kind: 'refused', line, id: row.id, reason: row.problems.join('; ') };
  const column = (name: string) => context.schema.columns.find((c) => c.name === name);
  if (row.id === undefined) return planCreate(row, context, column);
  const current = context.current.get(row.id);
  if (!current)
    return {
      kind: 'refused',
      line,
      id: row.id,
      reason: `No ${context.schema.type} ${row.id} exists (or you may not read it)`,
    };
  if (row.parentId !== undefined && !sameValue(column('parent_id'), row.parentId, current.parent_id))
    return {
      kind: 'refused',
      line,
      id: row.id,
      reason: `parent_id differs from the server's (${stringifyJson(current.parent_id ?? null)}): import does not move objects; use Move…`,
    };
  const changes: Record<string, AttributeChange> = {};
  const readOnly: string[] = [];
  for (const [name, to] of Object.entries(row.values)) {
    const from = current[name] ?? null;
    if (sameValue(column(name), from, to)) continue;
    if (!column(name)?.writeable) readOnly.push(name);
    else changes[name] = { from, to };
  }
  if (readOnly.length)
    return { kind: 'refused', line, id: row.id, reason: `You may not change ${readOnly.join(', ')} (not writeable)` };
  return Object.keys(changes).length
    ? { kind: 'update', line, id: row.id, changes }
    : { kind: 'unchanged', line, id: row.id };
}

function planCreate(
  row: ConvertedRow,
  context: PlanContext,
  column: (name: string) => TransferColumn | undefined,
): PlanEntry {
  const { line } = row;
  if (!context.mayCreate) return { kind: 'refused', line, reason: `You may not create ${context.schema.type} objects` };
  const parentId = row.parentId ?? context.defaultParent;
  if (parentId === undefined)
    return { kind: 'refused', line, reason: 'No parent: give a parent_id column, or pick a parent for new objects' };
  if (context.creatableParents && !context.creatableParents.has(parentId))
    return { kind: 'refused', line, reason: `You may not create ${context.schema.type} objects in ${parentId}` };
  // The server sets a new object's owner: an exported file's owner column is no reason to refuse it.
  const readOnly = Object.entries(row.values)
    .filter(([name, v]) => v !== null && v !== '' && name !== 'owner' && !column(name)?.writeable)
    .map(([name]) => name);
  if (readOnly.length)
    return { kind: 'refused', line, reason: `You may not set ${readOnly.join(', ')} (not writeable)` };
  // Nulls are left out: a new object's attributes start empty.
  const definition: JsonObject = { parent_id: parentId };
  for (const [name, v] of Object.entries(row.values))
    if (v !== null && v !== '' && name !== 'owner') definition[name] = v;
  return { kind: 'create', line, parentId, definition };
}

/** The update an entry sends: only the changed attributes. */
export function updateDefinition(entry: Extract<PlanEntry, { kind: 'update' }>): JsonObject {
  return Object.fromEntries(Object.entries(entry.changes).map(([name, change]) => [name, change.to]));
}

/** Counts of a plan and the first entries of each kind (bounded, so a huge file's preview stays small). */
export interface PlanSummary {
  rows: number;
  counts: Record<PlanEntry['kind'], number>;
  samples: Record<PlanEntry['kind'], PlanEntry[]>;
}

export function emptySummary(): PlanSummary {
  return {
    rows: 0,
    counts: { create: 0, update: 0, unchanged: 0, refused: 0 },
    samples: { create: [], update: [], unchanged: [], refused: [] },
  };
}

/** Adds entries to a summary, keeping at most `keep` samples of each kind. */
export function addToSummary(summary: PlanSummary, entries: readonly PlanEntry[], keep = 200): void {
  for (const entry of entries) {
    summary.rows++;
    summary.counts[entry.kind]++;
    if (summary.samples[entry.kind].length < keep) summary.samples[entry.kind].push(entry);
  }
}

/** The ids a page of rows names, for the one getmany that reads their current values. */
export function idsOf(rows: readonly ConvertedRow[]): bigint[] {
  return [...new Set(rows.flatMap((r) => (r.id === undefined || r.problems.length ? [] : [r.id])))];
}

/** A plan as text, for the preview: counts, then each kind's sample (updates with their diffs). */
export function planText(summary: PlanSummary, title: string): string {
  const { counts, samples } = summary;
  const show = (v: JsonValue) => (v === null ? 'null' : stringifyJson(v));
  const lines = [
    title,
    '',
    `${summary.rows} rows: ${counts.create} to create, ${counts.update} to update, ` +
      `${counts.unchanged} unchanged, ${counts.refused} refused.`,
  ];
  const section = (kind: PlanEntry['kind'], heading: string, describe: (e: PlanEntry) => string[]) => {
    if (!counts[kind]) return;
    lines.push(
      '',
      `## ${heading} (${counts[kind]}${counts[kind] > samples[kind].length ? `, first ${samples[kind].length} shown` : ''})`,
    );
    for (const entry of samples[kind]) lines.push(...describe(entry));
  };
  section('refused', 'Refused', (e) => [
    `line ${e.line}${e.kind === 'refused' && e.id !== undefined ? ` (id ${e.id})` : ''}: ${e.kind === 'refused' ? e.reason : ''}`,
  ]);
  section('update', 'Updates', (e) =>
    e.kind === 'update'
      ? [
          `line ${e.line}, id ${e.id}:`,
          ...Object.entries(e.changes).map(([n, c]) => `    ${n}: ${show(c.from)} → ${show(c.to)}`),
        ]
      : [],
  );
  section('create', 'Creates', (e) => (e.kind === 'create' ? [`line ${e.line}: ${stringifyJson(e.definition)}`] : []));
  section('unchanged', 'Unchanged', (e) => (e.kind === 'unchanged' ? [`line ${e.line}, id ${e.id}`] : []));
  return `${lines.join('\n')}\n`;
}

export function isDefinition(v: JsonValue): v is JsonObject {
  return isJsonObject(v);
}
