// A filter's results as a table page: what the results view shows, and the filter that fetches
// another page or another order. Cells are text made here, so that ids reach the webview as exact
// digits (postMessage would otherwise carry them as numbers, or fail on bigint).
import { isJsonObject, stringifyJson, type JsonObject, type JsonValue } from '../../../core/json';
import type { Order } from '../../../core/filter';
import { isIdAttribute } from '../../../core/attributeNames';

export interface ResultRow {
  /** Decimal digits. */
  id: string;
  /** One text per column; null for a JSON null (shown apart from the string "null"). */
  cells: Array<string | null>;
  /** The columns whose cell is a number to show in the display language's digits (not an id: ids stay digits). */
  numbers: number[];
}

export interface ResultPage {
  type: string;
  columns: string[];
  rows: ResultRow[];
  filtered: number;
  limited: number;
  total: number;
  offset: number;
  pageSize: number;
  order: Order | null;
  /** Columns whose ids point at objects (links to follow); set by the extension once it knows. */
  links?: string[];
}

export interface ListAnswer {
  filtered_record_count: number | null;
  limited_record_count: number | null;
  total_record_count: number | null;
  transfer_objects: Array<{ id: bigint | number | string; definition: Record<string, unknown> }>;
}

/** A JSON value as a cell's text. */
export function cellText(value: JsonValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : stringifyJson(value);
}

/** The page a list answered: "id", then every attribute in the order the objects first show it. */
export function resultPage(
  type: string,
  answer: ListAnswer,
  view: { offset: number; pageSize: number; order: Order | null },
): ResultPage {
  const columns = ['id'];
  const seen = new Set(columns);
  for (const o of answer.transfer_objects) {
    for (const key of Object.keys(o.definition)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return {
    type,
    columns,
    rows: answer.transfer_objects.map((o) => ({
      id: String(o.id),
      cells: columns.map((c) => (c === 'id' ? String(o.id) : cellText(o.definition[c] as JsonValue | undefined))),
      // A JS number is within double precision already (parseJson makes bigints of larger integers).
      numbers: columns.flatMap((c, k) => (typeof o.definition[c] === 'number' && !isIdAttribute(c) ? [k] : [])),
    })),
    // The counts may be null (the documentation allows it): then what the page holds is all we know.
    limited: answer.limited_record_count ?? answer.transfer_objects.length,
    filtered: answer.filtered_record_count ?? view.offset + answer.transfer_objects.length,
    total: answer.total_record_count ?? answer.filtered_record_count ?? view.offset + answer.transfer_objects.length,
    ...view,
  };
}

/** The filter with its order and count replaced: the same constraints, another page or order. */
export function pageFilter(
  filter: JsonValue | undefined,
  view: { offset: number; pageSize: number; order: Order | null },
): JsonObject {
  const kept: JsonObject = {};
  if (isJsonObject(filter)) {
    for (const [k, v] of Object.entries(filter)) if (!/^(order|count)$/i.test(k)) kept[k] = v;
  }
  return {
    order: view.order ? { ...view.order } : null,
    count: { count: view.pageSize, offset: view.offset },
    ...kept,
  };
}

/**
 * The next order when a column's header is clicked: ascending, then descending, then back to the
 * filter's own order (`original`; when that is this column, it just flips).
 */
export function nextOrder(current: Order | null, attribute: string, original: Order | null): Order | null {
  if (current?.attribute !== attribute) return { attribute, direction: 'ASC' };
  if (current.direction === 'ASC') return { attribute, direction: 'DESC' };
  return original?.attribute === attribute ? { attribute, direction: 'ASC' } : original;
}

/** Where a page is: rows first–last (none when `shown` is 0) of `filtered`, page `at` of `pages`. */
export interface PagePosition {
  shown: number;
  first: number;
  last: number;
  filtered: number;
  total: number;
  at: number;
  pages: number;
}

/** The numbers of a page's header ("21–40 of 412 filtered · 1,000 in all · page 2 of 21"). */
export function pagePosition(
  page: Pick<ResultPage, 'offset' | 'limited' | 'filtered' | 'total' | 'pageSize'>,
): PagePosition {
  const pages = Math.max(1, Math.ceil(page.filtered / page.pageSize));
  return {
    shown: page.limited,
    first: page.offset + 1,
    last: page.offset + page.limited,
    filtered: page.filtered,
    total: page.total,
    at: Math.min(pages, Math.floor(page.offset / page.pageSize) + 1),
    pages,
  };
}
