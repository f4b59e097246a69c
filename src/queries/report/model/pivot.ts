// A ReportResult as a pivot table. The server answers with axes and coordinates: vertical groups
// are the first dimensions, then horizontal groups, then the aggregations (wire contract). This
// model puts vertical groups into nested row headers and horizontal groups × aggregations into
// columns, with totals, sorting and CSV/TSV. It is plain data (ids as digit strings), so that it
// can be posted to the report webview as it is.
import { isJsonObject, stringifyJson, type JsonValue } from '../../../core/json';
import { isIdAttribute } from '../../../core/attributeNames';
import { guardFormula } from '../../../core/spreadsheetText';

export type ValueKind = 'id' | 'number' | 'timestamp' | 'string' | 'boolean' | 'null' | 'odd';

export interface PivotValue {
  /** The value as text: digits for numbers and ids, ISO text for timestamps; null for null. */
  raw: string | null;
  kind: ValueKind;
  /** A name resolved for an id (labelPivot). */
  label?: string;
}

export interface PivotDimension {
  attribute: string;
  /** The group's function, e.g. "DATE_TRUNC:DAY"; null for none. */
  function: string | null;
  /** Index = coordinate. Coordinates beyond the axis get an "odd" value of their own. */
  values: PivotValue[];
}

export interface Measure {
  function: string;
  attribute: string;
}

export interface Pivot {
  rows: PivotDimension[];
  columns: PivotDimension[];
  measures: Measure[];
  /** Coordinate tuples of the vertical groups that hold data, in axis order. */
  rowKeys: number[][];
  /** The same for the horizontal groups; [[]] when there are none. */
  columnKeys: number[][];
  /** cells[row][columnKey][measure]. */
  cells: Array<Array<Array<number | null>>>;
  /** What did not fit the documented shape, said plainly (nothing is dropped silently). */
  warnings: string[];
}

export interface GroupSpec {
  attribute: string;
  function: string | null;
  orientation: 'vertical' | 'horizontal';
}

function valueOf(v: JsonValue, attribute: string, fn: string | null): PivotValue {
  if (v === null) return { raw: null, kind: 'null' };
  if (typeof v === 'bigint' || typeof v === 'number')
    return { raw: String(v), kind: isIdAttribute(attribute) && Number.isInteger(Number(v)) ? 'id' : 'number' };
  if (typeof v === 'boolean') return { raw: String(v), kind: 'boolean' };
  if (typeof v === 'string')
    return {
      raw: v,
      kind: fn?.startsWith('DATE_TRUNC') || /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(v) ? 'timestamp' : 'string',
    };
  return { raw: stringifyJson(v), kind: 'string' };
}

function measureValue(v: JsonValue): number | null | undefined {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v); // counts and sums, never ids
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

const compareTuples = (a: number[], b: number[]) => {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
};

/**
 * Builds the pivot of a ReportResult. `groups` is the report's Group list (it says which
 * dimensions are vertical); the result's axes give the values and the aggregations.
 */
export function buildPivot(result: JsonValue, groups: readonly GroupSpec[]): Pivot {
  const warnings: string[] = [];
  const axes = isJsonObject(result) && Array.isArray(result.Axis) ? result.Axis : [];
  const data = isJsonObject(result) && Array.isArray(result.Data) ? result.Data : [];
  const vertical = groups.filter((g) => g.orientation === 'vertical');
  const horizontal = groups.filter((g) => g.orientation === 'horizontal');
  const ordered = [...vertical, ...horizontal];
  const byDimension = new Map<number, JsonValue[]>();
  axes.forEach((axis, k) => {
    if (!isJsonObject(axis)) return;
    const dimension = typeof axis.Dimension === 'number' ? axis.Dimension : k;
    byDimension.set(dimension, Array.isArray(axis.Attributes) ? axis.Attributes : []);
  });
  const dimensionCount = byDimension.size;
  if (dimensionCount !== ordered.length + 1 && byDimension.size > 0) {
    warnings.push(
      `The result has ${dimensionCount} axes, but the report has ${ordered.length} groups and so expects ${ordered.length + 1}. The last axis is read as the aggregations.`,
    );
  }
  const groupAxes = dimensionCount > 0 ? dimensionCount - 1 : ordered.length;
  const dimensions: PivotDimension[] = [];
  for (let d = 0; d < groupAxes; d++) {
    const attributes = byDimension.get(d) ?? [];
    const spec = ordered[d];
    const key = attributes.find(isJsonObject)?.Key;
    const attribute = spec?.attribute ?? (typeof key === 'string' ? key : `dimension ${d}`);
    const fn = spec?.function ?? null;
    dimensions.push({
      attribute,
      function: fn,
      values: attributes.map((a) => valueOf(isJsonObject(a) ? (a.Value ?? null) : null, attribute, fn)),
    });
  }
  const measureAxis = byDimension.get(groupAxes) ?? [];
  const measures: Measure[] = measureAxis.map((a) =>
    isJsonObject(a)
      ? { function: String(a.Value ?? ''), attribute: String(a.Key ?? '') }
      : { function: '', attribute: '' },
  );
  const rowDimensions = dimensions.slice(0, Math.min(vertical.length, groupAxes));
  const columnDimensions = dimensions.slice(rowDimensions.length);

  // Coordinates beyond an axis (the documentation's own example has one) keep their data under
  // a value of their own, and a warning says so.
  const odd = new Map<string, number>();
  const axisLengths = [...dimensions.map((d) => d.values.length), measures.length];
  const fit = (d: number, c: number): number => {
    const dimension = d < groupAxes ? dimensions[d]! : undefined;
    if (c < axisLengths[d]!) return c;
    const key = `${d}:${c}`;
    odd.set(key, (odd.get(key) ?? 0) + 1);
    if (dimension) {
      while (dimension.values.length <= c) dimension.values.push({ raw: `#${dimension.values.length}`, kind: 'odd' });
    } else {
      while (measures.length <= c) measures.push({ function: `#${measures.length}`, attribute: '?' });
    }
    return c;
  };

  const rows = new Map<string, number[]>();
  const columns = new Map<string, number[]>();
  const values = new Map<string, number | null>();
  let malformed = 0;
  let notNumbers = 0;
  let duplicates = 0;
  for (const item of data) {
    const coordinates = isJsonObject(item) && Array.isArray(item.Coordinates) ? item.Coordinates : undefined;
    if (
      !coordinates ||
      coordinates.length !== groupAxes + 1 ||
      !coordinates.every((c) => typeof c === 'number' && Number.isInteger(c) && c >= 0)
    ) {
      malformed++;
      continue;
    }
    const at = (coordinates as number[]).map((c, d) => fit(d, c));
    const rowKey = at.slice(0, rowDimensions.length);
    const columnKey = at.slice(rowDimensions.length, groupAxes);
    rows.set(rowKey.join(','), rowKey);
    columns.set(columnKey.join(','), columnKey);
    const value = measureValue((item as { Value?: JsonValue }).Value ?? null);
    if (value === undefined) notNumbers++;
    const cell = at.join(',');
    if (values.has(cell)) duplicates++;
    values.set(cell, value ?? null);
  }
  for (const [key, count] of odd) {
    const [d, c] = key.split(':').map(Number) as [number, number];
    const name = d < groupAxes ? dimensions[d]!.attribute : 'the aggregations';
    warnings.push(
      `${count} value${count === 1 ? ' has' : 's have'} coordinate ${c} in dimension ${d} (${name}), which its axis does not have; shown under "#${c}".`,
    );
  }
  if (malformed)
    warnings.push(
      `${malformed} data item${malformed === 1 ? '' : 's'} had no usable Coordinates (${groupAxes + 1} whole numbers) and could not be placed.`,
    );
  if (notNumbers)
    warnings.push(
      `${notNumbers} value${notNumbers === 1 ? ' is' : 's are'} not a number and ${notNumbers === 1 ? 'shows' : 'show'} as empty.`,
    );
  if (duplicates)
    warnings.push(`${duplicates} data item${duplicates === 1 ? '' : 's'} repeated coordinates; the last one is shown.`);

  const rowKeys = [...rows.values()].sort(compareTuples);
  const columnKeys = columns.size
    ? [...columns.values()].sort(compareTuples)
    : columnDimensions.length === 0
      ? [[]]
      : [];
  const cells = rowKeys.map((r) =>
    columnKeys.map((c) => measures.map((_, m) => values.get([...r, ...c, m].join(',')) ?? null)),
  );
  return { rows: rowDimensions, columns: columnDimensions, measures, rowKeys, columnKeys, cells, warnings };
}

/** Names ids in the group values: labels[attribute][id digits] = name. */
export function labelPivot(pivot: Pivot, labels: ReadonlyMap<string, ReadonlyMap<string, string>>): Pivot {
  const name = (d: PivotDimension): PivotDimension => {
    const known = labels.get(d.attribute);
    return known
      ? {
          ...d,
          values: d.values.map((v) =>
            v.kind === 'id' && v.raw && known.has(v.raw) ? { ...v, label: known.get(v.raw)! } : v,
          ),
        }
      : d;
  };
  return { ...pivot, rows: pivot.rows.map(name), columns: pivot.columns.map(name) };
}

/** The ids of each id-valued group, to name them with one getmany per type. */
export function idsToLabel(pivot: Pivot): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const d of [...pivot.rows, ...pivot.columns]) {
    const ids = d.values.filter((v) => v.kind === 'id' && v.raw !== null).map((v) => v.raw!);
    if (ids.length) found.set(d.attribute, [...new Set(ids)]);
  }
  return found;
}

// ---- The flat table: what the webview shows and what CSV/TSV export writes. ----

export interface ValueColumn {
  /** Index into columnKeys, or -1 for the row total of this measure. */
  column: number;
  measure: number;
}

/** Value columns: each column key × each measure, then (with horizontal groups) a total per measure. */
export function valueColumns(pivot: Pivot): ValueColumn[] {
  const columns: ValueColumn[] = [];
  pivot.columnKeys.forEach((_, c) => pivot.measures.forEach((_, m) => columns.push({ column: c, measure: m })));
  if (pivot.columns.length) pivot.measures.forEach((_, m) => columns.push({ column: -1, measure: m }));
  return columns;
}

/** Sums add up; averages of averages do not, so an AVG total is empty. */
const additive = (measure: Measure | undefined) => measure !== undefined && /^(SUM|COUNT)$/i.test(measure.function);

/** Decimal places a number is written with: 2.5 → 1, 3 → 0 (exponent forms count as many). */
export function decimalPlaces(v: number): number {
  const text = String(v);
  if (/e/i.test(text)) return 15;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** A sum with no more decimals than its terms have: 0.1 + 0.2 is 0.3, not 0.30000000000000004. */
function sum(values: Array<number | null>): number | null {
  let total: number | null = null;
  let places = 0;
  for (const v of values) {
    if (v === null) continue;
    total = (total ?? 0) + v;
    places = Math.max(places, decimalPlaces(v));
  }
  return total === null || places >= 15 ? total : Number(total.toFixed(places));
}

/** The value of a row (an index into rowKeys, or -1 for the totals row) in a value column. */
export function cellValue(pivot: Pivot, row: number, column: ValueColumn): number | null {
  const { measure } = column;
  const rowValues = (r: number) =>
    column.column >= 0 ? [pivot.cells[r]![column.column]![measure]!] : pivot.cells[r]!.map((c) => c[measure]!);
  if (row >= 0 && column.column >= 0) return pivot.cells[row]![column.column]![measure]!;
  if (!additive(pivot.measures[measure])) return null;
  if (row >= 0) return sum(rowValues(row));
  return sum(pivot.rowKeys.flatMap((_, r) => rowValues(r)));
}

export interface PivotSort {
  /** A value column's index (valueColumns), or -(k+1) for the k-th row header. */
  column: number;
  direction: 'asc' | 'desc';
}

/** Row indexes in display order: axis order, or sorted by a column (nulls last either way). */
export function sortedRows(pivot: Pivot, sort?: PivotSort | null): number[] {
  const order = pivot.rowKeys.map((_, r) => r);
  if (!sort) return order;
  const columns = valueColumns(pivot);
  const sign = sort.direction === 'asc' ? 1 : -1;
  const key = (r: number): number | string | null => {
    if (sort.column >= 0) return columns[sort.column] ? cellValue(pivot, r, columns[sort.column]!) : null;
    const d = -sort.column - 1;
    const value = pivot.rows[d]?.values[pivot.rowKeys[r]![d]!];
    if (!value || value.raw === null) return null;
    if (value.label !== undefined) return value.label.toLowerCase();
    return value.kind === 'number'
      ? Number(value.raw)
      : value.kind === 'id'
        ? value.raw.padStart(20, '0')
        : value.raw.toLowerCase();
  };
  const keys = new Map(order.map((r) => [r, key(r)]));
  return order.sort((a, b) => {
    const x = keys.get(a)!;
    const y = keys.get(b)!;
    if (x === null || y === null) return x === y ? a - b : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : a - b) * (x === y ? 1 : sign);
  });
}

/** A group value as plain text: its label, or the raw value; "(null)" for null. */
export function valueText(value: PivotValue | undefined): string {
  if (!value) return '';
  if (value.label !== undefined) return value.label;
  return value.raw ?? '(null)';
}

export function measureLabel(measure: Measure): string {
  return `${measure.function}(${measure.attribute})`;
}

/** The table as rows of text: header rows, one row per row key, a totals row (named `total`). */
export function pivotGrid(
  pivot: Pivot,
  sort?: PivotSort | null,
  total = 'Total',
): { header: string[][]; body: Array<Array<string | number | null>>; totals: Array<string | number | null> } {
  const columns = valueColumns(pivot);
  const lead = pivot.rows.length || 1;
  const header: string[][] = pivot.columns.map((d, k) => [
    ...Array.from({ length: lead }, (_, i) => (i === lead - 1 ? d.attribute : '')),
    ...columns.map((c) => (c.column >= 0 ? valueText(d.values[pivot.columnKeys[c.column]![k]!]) : total)),
  ]);
  header.push([
    ...(pivot.rows.length
      ? pivot.rows.map((d) => (d.function ? `${d.attribute} (${d.function})` : d.attribute))
      : ['']),
    ...columns.map((c) => measureLabel(pivot.measures[c.measure]!)),
  ]);
  const body = sortedRows(pivot, sort).map((r) => [
    ...(pivot.rows.length ? pivot.rows.map((d, k) => valueText(d.values[pivot.rowKeys[r]![k]!])) : ['']),
    ...columns.map((c) => cellValue(pivot, r, c)),
  ]);
  const totals = [
    ...Array.from({ length: lead }, (_, i) => (i === 0 ? total : '')),
    ...columns.map((c) => cellValue(pivot, -1, c)),
  ];
  return { header, body, totals };
}

export interface DelimitedOptions {
  /** The numbers' decimal separator (the user's setting, not the display language); "," makes CSV use ";". */
  decimal?: '.' | ',';
  /** The totals' name, in the display language. */
  total?: string;
}

/** CSV (RFC 4180, for files) or TSV (for pasting into a spreadsheet). Numbers unformatted but for the decimal separator. */
export function pivotToDelimited(
  pivot: Pivot,
  format: 'csv' | 'tsv',
  sort?: PivotSort | null,
  { decimal = '.', total }: DelimitedOptions = {},
): string {
  const { header, body, totals } = pivotGrid(pivot, sort, total);
  // A decimal comma is a field separator in CSV: spreadsheets that read 1,5 as a number expect ";".
  const separator = format === 'tsv' ? '\t' : decimal === ',' ? ';' : ',';
  const cell = (v: string | number | null): string => {
    if (v === null) return '';
    if (typeof v === 'number') return String(v).replace('.', decimal);
    const text = guardFormula(v);
    if (format === 'tsv') return text.replace(/[\t\r\n]+/g, ' ');
    return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [...header, ...body, totals].map((row) => row.map(cell).join(separator)).join('\r\n') + '\r\n';
}
