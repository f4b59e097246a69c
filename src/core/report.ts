// The Vensoft Report (a pivot definition): its model and structural validation, shared by the
// emulator, the client's JSON Schemas and the editor.

import { isJsonObject, type JsonValue } from './json';
import { fields, show, type FilterProblem } from './filter';

export type AggregationFunction = 'SUM' | 'AVG' | 'COUNT';
export const AGGREGATION_FUNCTIONS: readonly AggregationFunction[] = ['SUM', 'AVG', 'COUNT'];

export type DateTruncUnit = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
export const DATE_TRUNC_UNITS: readonly DateTruncUnit[] = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'];
export const GROUP_FUNCTIONS: readonly string[] = DATE_TRUNC_UNITS.map((u) => `DATE_TRUNC:${u}`);

export type Orientation = 'vertical' | 'horizontal';

export interface Aggregation {
  function: AggregationFunction;
  /** As the caller spelt it: echoed in the result's axis keys. */
  attribute: string;
}

export interface Group {
  /** null, or a DATE_TRUNC unit. */
  dateTrunc: DateTruncUnit | null;
  attribute: string;
  orientation: Orientation;
}

export interface Report {
  aggregations: Aggregation[];
  groups: Group[];
}

/** Reads a Report from JSON. Keys match case-insensitively ("Aggregation" or "aggregation"). */
export function readReport(json: JsonValue | undefined): { report: Report; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const report: Report = { aggregations: [], groups: [] };
  if (json === undefined || json === null || json === '') {
    problems.push({
      path: [],
      message: 'A report definition is required: {"Aggregation": [...], "Group": [...]}.',
      code: '22004',
    });
    return { report, problems };
  }
  if (!isJsonObject(json)) {
    problems.push({
      path: [],
      message: 'The report must be a JSON object {"Aggregation": [...], "Group": [...]}.',
      code: '22023',
    });
    return { report, problems };
  }
  const top = fields(json, ['Aggregation', 'Group'], [], problems);
  for (const [k, item] of arrayItems(top.Aggregation, 'Aggregation', problems)) {
    if (!isJsonObject(item)) {
      problems.push({
        path: ['Aggregation', k],
        message: 'An aggregation must be an object {"Function": "SUM"|"AVG"|"COUNT", "Attribute": …}.',
        code: '22023',
      });
      continue;
    }
    const f = fields(item, ['Function', 'Attribute'], ['Aggregation', k], problems);
    const fn = typeof f.Function === 'string' ? f.Function.toUpperCase() : undefined;
    const attribute = readName(f.Attribute, ['Aggregation', k, 'Attribute'], problems);
    if (!fn || !(AGGREGATION_FUNCTIONS as readonly string[]).includes(fn)) {
      problems.push({
        path: ['Aggregation', k, 'Function'],
        message: `Aggregation function must be one of SUM, AVG, COUNT, not ${show(f.Function)}.`,
        code: f.Function == null ? '22004' : '22023',
      });
      continue;
    }
    if (attribute !== undefined) report.aggregations.push({ function: fn as AggregationFunction, attribute });
  }
  for (const [k, item] of arrayItems(top.Group, 'Group', problems)) {
    if (!isJsonObject(item)) {
      problems.push({
        path: ['Group', k],
        message:
          'A group must be an object {"Function": null, "Attribute": …, "Orientation": "vertical"|"horizontal"}.',
        code: '22023',
      });
      continue;
    }
    const f = fields(item, ['Function', 'Attribute', 'Orientation'], ['Group', k], problems);
    const attribute = readName(f.Attribute, ['Group', k, 'Attribute'], problems);
    let dateTrunc: DateTruncUnit | null = null;
    if (f.Function !== undefined && f.Function !== null) {
      const m = typeof f.Function === 'string' ? /^DATE_TRUNC:(\w+)$/i.exec(f.Function.trim()) : null;
      const unit = m?.[1]?.toUpperCase();
      if (unit && (DATE_TRUNC_UNITS as readonly string[]).includes(unit)) dateTrunc = unit as DateTruncUnit;
      else {
        problems.push({
          path: ['Group', k, 'Function'],
          message: `Group function must be null or one of ${GROUP_FUNCTIONS.join(', ')}, not ${show(f.Function)}.`,
          code: '22023',
        });
        continue;
      }
    }
    const o = typeof f.Orientation === 'string' ? f.Orientation.toLowerCase() : f.Orientation == null ? 'vertical' : '';
    if (o !== 'vertical' && o !== 'horizontal') {
      problems.push({
        path: ['Group', k, 'Orientation'],
        message: `Orientation must be "vertical" or "horizontal", not ${show(f.Orientation)}.`,
        code: '22023',
      });
      continue;
    }
    if (attribute !== undefined) report.groups.push({ dateTrunc, attribute, orientation: o });
  }
  if (report.aggregations.length === 0 && problems.length === 0) {
    problems.push({
      path: ['Aggregation'],
      message: 'A report needs at least one aggregation, e.g. {"Function": "COUNT", "Attribute": "id"}.',
      code: '22004',
    });
  }
  return { report, problems };
}

function arrayItems(v: JsonValue | undefined, name: string, problems: FilterProblem[]): Array<[number, JsonValue]> {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push({ path: [name], message: `${name} must be an array or null.`, code: '22023' });
    return [];
  }
  return v.map((item, k) => [k, item]);
}

function readName(
  v: JsonValue | undefined,
  path: Array<string | number>,
  problems: FilterProblem[],
): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  problems.push({
    path,
    message:
      v == null || v === ''
        ? 'An attribute name is required here.'
        : `An attribute name must be a string, not ${show(v)}.`,
    code: v == null || v === '' ? '22004' : '22023',
  });
  return undefined;
}
