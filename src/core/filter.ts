// The Vensoft Filter: its model, its condition types, and structural validation.
// Shared by the emulator (which compiles it to SQL), the client's JSON Schemas and the editor's
// IntelliSense, so the meaning of "type 9" is written down exactly once.

import { isJsonObject, stringifyJson, type JsonValue } from './json';
import { attributeKey, findAttribute, suggestAttribute } from './attributeNames';

export type ConditionType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;
export type ValueFormat = 'single' | 'none' | 'list' | 'range' | 'regex';

export interface ConditionTypeInfo {
  type: ConditionType;
  label: string;
  /** The SQL the documentation gives, with `a` for the attribute and `v` for the value. */
  sql: string;
  valueFormat: ValueFormat;
  documentation: string;
}

export const CONDITION_TYPES: Readonly<Record<ConditionType, ConditionTypeInfo>> = {
  1: {
    type: 1,
    label: 'equal',
    sql: "a = 'v'",
    valueFormat: 'single',
    documentation: 'The attribute equals the value.',
  },
  2: {
    type: 2,
    label: 'not equal',
    sql: "a <> 'v'",
    valueFormat: 'single',
    documentation: 'The attribute differs from the value (rows where it is null do not match).',
  },
  3: {
    type: 3,
    label: 'greater than',
    sql: "a > 'v'",
    valueFormat: 'single',
    documentation: 'The attribute is greater than the value.',
  },
  4: {
    type: 4,
    label: 'less than',
    sql: "a < 'v'",
    valueFormat: 'single',
    documentation: 'The attribute is less than the value.',
  },
  5: {
    type: 5,
    label: 'is null',
    sql: 'a IS NULL',
    valueFormat: 'none',
    documentation: 'The attribute has no value. The condition takes no value.',
  },
  6: {
    type: 6,
    label: 'is not null',
    sql: 'a IS NOT NULL',
    valueFormat: 'none',
    documentation: 'The attribute has a value. The condition takes no value.',
  },
  7: {
    type: 7,
    label: 'in list',
    sql: "a IN ('v1', 'v2')",
    valueFormat: 'list',
    documentation: 'The attribute is one of the values, written comma separated: "1,2,3".',
  },
  8: {
    type: 8,
    label: 'between',
    sql: "a BETWEEN 'v1' AND 'v2'",
    valueFormat: 'range',
    documentation: 'The attribute lies between two values (inclusive), written "low|high".',
  },
  9: {
    type: 9,
    label: 'matches regex, case-insensitive',
    sql: "a ~* 'v'",
    valueFormat: 'regex',
    documentation: 'The attribute, as text, matches the value as a case-insensitive POSIX regular expression.',
  },
  10: {
    type: 10,
    label: 'greater than or equal',
    sql: "a >= 'v'",
    valueFormat: 'single',
    documentation: 'The attribute is greater than or equal to the value.',
  },
  11: {
    type: 11,
    label: 'less than or equal',
    sql: "a <= 'v'",
    valueFormat: 'single',
    documentation: 'The attribute is less than or equal to the value.',
  },
};

export interface Condition {
  attribute: string;
  type: ConditionType;
  /** The wire value as text; null for types 5 and 6. */
  value: string | null;
}

export interface ConditionList {
  join: 'AND' | 'OR';
  conditions: Condition[];
  lists: ConditionList[];
}

export interface Order {
  attribute: string;
  direction: 'ASC' | 'DESC';
}

export interface Filter {
  order: Order | null;
  count: { count: number | null; offset: number } | null;
  constraints: ConditionList | null;
}

export type ProblemCode = '22004' | '22023' | '42703';

export interface FilterProblem {
  /** JSON path of the offending element, e.g. ["constraints", "conditions", 1, "attribute"]. */
  path: Array<string | number>;
  message: string;
  /** The SQLSTATE a server answers with for this problem. */
  code: ProblemCode;
}

export const EMPTY_FILTER: Filter = { order: null, count: null, constraints: null };

/** Reads a Filter from JSON. Keys match case-insensitively; unknown keys are problems. */
export function readFilter(json: JsonValue | undefined): { filter: Filter; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  if (json === undefined || json === null || json === '') return { filter: EMPTY_FILTER, problems };
  if (!isJsonObject(json)) {
    problems.push({
      path: [],
      message: 'The filter must be a JSON object with "order", "count" and "constraints".',
      code: '22023',
    });
    return { filter: EMPTY_FILTER, problems };
  }
  const top = fields(json, ['order', 'count', 'constraints'], [], problems);
  return {
    filter: {
      order: readOrder(top.order, ['order'], problems),
      count: readCount(top.count, ['count'], problems),
      constraints:
        top.constraints === undefined || top.constraints === null
          ? null
          : readList(top.constraints, ['constraints'], problems),
    },
    problems,
  };
}

/** Maps known keys case-insensitively and reports unknown ones. */
export function fields(
  obj: { [k: string]: JsonValue },
  known: string[],
  path: Array<string | number>,
  problems: { path: Array<string | number>; message: string; code: ProblemCode }[],
): Record<string, JsonValue | undefined> {
  const out: Record<string, JsonValue | undefined> = {};
  for (const [key, value] of Object.entries(obj)) {
    const match = known.find((k) => k.toLowerCase() === key.toLowerCase());
    if (match) out[match] = value;
    else
      problems.push({
        path: [...path, key],
        message: `Unknown key "${key}"${path.length ? ` in ${path.join('.')}` : ''}; expected one of ${known.map((k) => `"${k}"`).join(', ')}.`,
        code: '22023',
      });
  }
  return out;
}

function readOrder(v: JsonValue | undefined, path: Array<string | number>, problems: FilterProblem[]): Order | null {
  if (v === undefined || v === null) return null;
  if (!isJsonObject(v)) {
    problems.push({
      path,
      message: 'order must be an object {"attribute": …, "direction": "ASC"|"DESC"} or null.',
      code: '22023',
    });
    return null;
  }
  const f = fields(v, ['attribute', 'direction'], path, problems);
  const attribute = readAttributeName(f.attribute, [...path, 'attribute'], problems);
  let direction: 'ASC' | 'DESC' = 'ASC';
  if (f.direction !== undefined && f.direction !== null) {
    const d = typeof f.direction === 'string' ? f.direction.toUpperCase() : '';
    if (d === 'ASC' || d === 'DESC') direction = d;
    else
      problems.push({
        path: [...path, 'direction'],
        message: `order.direction must be "ASC" or "DESC", not ${show(f.direction)}.`,
        code: '22023',
      });
  }
  return attribute === undefined ? null : { attribute, direction };
}

function readCount(v: JsonValue | undefined, path: Array<string | number>, problems: FilterProblem[]): Filter['count'] {
  if (v === undefined || v === null) return null;
  if (!isJsonObject(v)) {
    problems.push({ path, message: 'count must be an object {"count": n, "offset": n} or null.', code: '22023' });
    return null;
  }
  const f = fields(v, ['count', 'offset'], path, problems);
  const count =
    f.count === undefined || f.count === null ? null : readNonNegative(f.count, [...path, 'count'], problems);
  const offset =
    f.offset === undefined || f.offset === null ? 0 : readNonNegative(f.offset, [...path, 'offset'], problems);
  return { count: count ?? null, offset: offset ?? 0 };
}

function readNonNegative(v: JsonValue, path: Array<string | number>, problems: FilterProblem[]): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (Number.isSafeInteger(n) && n >= 0) return n;
  problems.push({ path, message: `${path.join('.')} must be a whole number ≥ 0, not ${show(v)}.`, code: '22023' });
  return undefined;
}

function readList(v: JsonValue, path: Array<string | number>, problems: FilterProblem[]): ConditionList {
  const list: ConditionList = { join: 'AND', conditions: [], lists: [] };
  if (!isJsonObject(v)) {
    problems.push({
      path,
      message: 'A condition list must be an object {"join": "AND"|"OR", "conditions": [...], "lists": [...]}.',
      code: '22023',
    });
    return list;
  }
  const f = fields(v, ['join', 'conditions', 'lists'], path, problems);
  if (f.join !== undefined && f.join !== null) {
    const j = typeof f.join === 'string' ? f.join.toUpperCase() : '';
    if (j === 'AND' || j === 'OR') list.join = j;
    else
      problems.push({
        path: [...path, 'join'],
        message: `join must be "AND" or "OR", not ${show(f.join)}.`,
        code: '22023',
      });
  }
  if (f.conditions !== undefined && f.conditions !== null) {
    if (!Array.isArray(f.conditions))
      problems.push({
        path: [...path, 'conditions'],
        message: 'conditions must be an array of conditions.',
        code: '22023',
      });
    else
      f.conditions.forEach((c, k) => {
        const condition = readCondition(c, [...path, 'conditions', k], problems);
        if (condition) list.conditions.push(condition);
      });
  }
  if (f.lists !== undefined && f.lists !== null) {
    if (!Array.isArray(f.lists))
      problems.push({ path: [...path, 'lists'], message: 'lists must be an array of condition lists.', code: '22023' });
    else f.lists.forEach((l, k) => list.lists.push(readList(l, [...path, 'lists', k], problems)));
  }
  return list;
}

function readCondition(v: JsonValue, path: Array<string | number>, problems: FilterProblem[]): Condition | undefined {
  if (!isJsonObject(v)) {
    problems.push({
      path,
      message: 'A condition must be an object {"attribute": …, "type": 1–11, "value": …}.',
      code: '22023',
    });
    return undefined;
  }
  const f = fields(v, ['attribute', 'type', 'value'], path, problems);
  const attribute = readAttributeName(f.attribute, [...path, 'attribute'], problems);
  const typeNumber =
    typeof f.type === 'number' ? f.type : typeof f.type === 'string' && /^\d+$/.test(f.type) ? Number(f.type) : NaN;
  if (f.type === undefined || f.type === null) {
    problems.push({ path: [...path, 'type'], message: 'A condition needs a "type" (1–11).', code: '22004' });
    return undefined;
  }
  if (!(Number.isInteger(typeNumber) && typeNumber >= 1 && typeNumber <= 11)) {
    problems.push({
      path: [...path, 'type'],
      message: `Condition type ${show(f.type)} is not one of ${describeConditionTypes()}.`,
      code: '22023',
    });
    return undefined;
  }
  const type = typeNumber as ConditionType;
  const valueProblem = conditionValueProblem(type, f.value);
  if (valueProblem) {
    problems.push({ path: [...path, 'value'], ...valueProblem });
    return undefined;
  }
  const value = CONDITION_TYPES[type].valueFormat === 'none' ? null : String(f.value);
  return attribute === undefined ? undefined : { attribute, type, value };
}

/**
 * What is wrong with a condition's value for its type, if anything. The rule of both grammars: this
 * reader's and the client's zod schema (api/wireSchemas.ts). A value is text or a JSON scalar (the
 * documentation's own example sends an id as a bare number); types 5 and 6 ignore it.
 */
export function conditionValueProblem(type: ConditionType, value: unknown): Omit<FilterProblem, 'path'> | undefined {
  const info = CONDITION_TYPES[type];
  const scalar = ['string', 'number', 'bigint', 'boolean'].includes(typeof value);
  if (value !== undefined && value !== null && !scalar)
    return { message: 'A condition value must be a string or a number.', code: '22023' };
  if (info.valueFormat === 'none') return undefined;
  if (value === undefined || value === null || value === '')
    return { message: `Condition type ${type} (${info.label}) needs a value.`, code: '22004' };
  const formatProblem = checkValueFormat(type, String(value));
  return formatProblem ? { message: formatProblem, code: '22023' } : undefined;
}

/** Checks the textual shape a condition type asks of its value (types 7, 8 and 9). */
export function checkValueFormat(type: ConditionType, value: string): string | undefined {
  const info = CONDITION_TYPES[type];
  if (info.valueFormat === 'list' && splitList(value).some((part) => part === '')) {
    return `Condition type 7 (in list) takes comma-separated values like "1,2,3"; ${show(value)} has an empty entry.`;
  }
  if (info.valueFormat === 'range') {
    const parts = value.split('|');
    if (parts.length !== 2 || parts.some((p) => p.trim() === '')) {
      return `Condition type 8 (between) takes two values separated by "|", like "10|20"; got ${show(value)}.`;
    }
  }
  return undefined;
}

export function splitList(value: string): string[] {
  return value.split(',').map((p) => p.trim());
}

export function splitRange(value: string): [string, string] {
  const [low = '', high = ''] = value.split('|');
  return [low.trim(), high.trim()];
}

function readAttributeName(
  v: JsonValue | undefined,
  path: Array<string | number>,
  problems: FilterProblem[],
): string | undefined {
  if (v === undefined || v === null || v === '') {
    problems.push({ path, message: 'An attribute name is required here.', code: '22004' });
    return undefined;
  }
  if (typeof v !== 'string') {
    problems.push({ path, message: `An attribute name must be a string, not ${show(v)}.`, code: '22023' });
    return undefined;
  }
  return v;
}

/** Problems for attribute names the type does not have, with a "did you mean" where one is close. */
export function checkFilterAttributes(filter: Filter, known: readonly string[], typeName: string): FilterProblem[] {
  const problems: FilterProblem[] = [];
  const check = (name: string, path: Array<string | number>) => {
    if (findAttribute(name, known)) return;
    problems.push({ path, message: unknownAttributeMessage(name, known, typeName), code: '42703' });
  };
  if (filter.order) check(filter.order.attribute, ['order', 'attribute']);
  const walk = (list: ConditionList, path: Array<string | number>) => {
    list.conditions.forEach((c, k) => check(c.attribute, [...path, 'conditions', k, 'attribute']));
    list.lists.forEach((l, k) => walk(l, [...path, 'lists', k]));
  };
  if (filter.constraints) walk(filter.constraints, ['constraints']);
  return problems;
}

export function unknownAttributeMessage(name: string, known: readonly string[], typeName: string): string {
  const suggestion = suggestAttribute(name, known);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  return `Unknown attribute "${name}" for type ${typeName}.${hint} Known attributes: ${[...known].sort((a, b) => attributeKey(a).localeCompare(attributeKey(b))).join(', ')}.`;
}

export function describeConditionTypes(): string {
  return Object.values(CONDITION_TYPES)
    .map((t) => `${t.type} ${t.label}`)
    .join(', ');
}

export function show(v: JsonValue | undefined): string {
  return v === undefined ? 'nothing' : stringifyJson(v);
}
