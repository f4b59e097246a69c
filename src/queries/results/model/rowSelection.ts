// Which rows of the results table are selected, as a list or file manager selects: a click picks
// one, Ctrl/Cmd+click toggles one, Shift+click takes the range from the anchor (the row clicked
// last), Ctrl/Cmd+A every row shown. The selection is a set of object ids (digits, never a number),
// so it stays as it is while the table pages or sorts: an id names the same object on any page.
// It is kept in the table's order (each id's place in the whole result when last shown; after a new
// order, the rows not yet shown in it follow), the order an export writes. No DOM here: the
// webview (../webview/results.ts) paints it; unit tests check it.

/** The rows on screen: their ids in order, the place of the first in the whole result, and its order. */
export interface ShownRows {
  ids: readonly string[];
  offset: number;
  /** The table's order, as a key ("imsi DESC"): places in another order do not compare. */
  order: string;
}

export interface RowSelection {
  /** Selected ids in the table's order (by `at`; ties as selected). */
  ids: string[];
  /** Each selected id's place in the whole result when it was last shown. */
  at: Record<string, number>;
  /** The order those places are in. */
  order?: string;
  /** Where a Shift+click range starts: the row last clicked without Shift. */
  anchor?: string;
}

export const NO_ROWS: RowSelection = { ids: [], at: {} };

export interface ClickKeys {
  /** Ctrl (Cmd on macOS): add or remove one row, or add a range. */
  toggle: boolean;
  /** Shift: the range from the anchor to this row. */
  range: boolean;
}

/** The selection after a click on the row of `id`. */
export function clickRow(selection: RowSelection, rows: ShownRows, id: string, keys: ClickKeys): RowSelection {
  const { ids, anchor } = selection;
  const at = placesIn(selection, rows);
  if (keys.range) {
    const from = anchor !== undefined ? rows.ids.indexOf(anchor) : -1;
    const to = rows.ids.indexOf(id);
    // No anchor on this page: the range is the row itself, which anchors the next one.
    if (from < 0 || to < 0) return placed(keys.toggle ? [...ids, id] : [id], at, rows, id);
    const range = rows.ids.slice(Math.min(from, to), Math.max(from, to) + 1);
    return placed(keys.toggle ? [...ids, ...range] : range, at, rows, anchor);
  }
  if (keys.toggle) return placed(ids.includes(id) ? ids.filter((s) => s !== id) : [...ids, id], at, rows, id);
  return placed([id], at, rows, id);
}

/** Ctrl/Cmd+A: every row shown joins the selection (rows selected on other pages stay). */
export function selectShown(selection: RowSelection, rows: ShownRows): RowSelection {
  return placed([...selection.ids, ...rows.ids], placesIn(selection, rows), rows, selection.anchor ?? rows.ids[0]);
}

/** The same selection once a page is shown: its selected rows take their places in it (a new order). */
export function seenOn(selection: RowSelection, rows: ShownRows): RowSelection {
  return placed(selection.ids, placesIn(selection, rows), rows, selection.anchor);
}

/** How many selected rows are not on screen. */
export function selectedElsewhere(selection: RowSelection, rows: ShownRows): number {
  const shown = new Set(rows.ids);
  return selection.ids.filter((id) => !shown.has(id)).length;
}

/** The selection's places, if they are in the order of `rows`; none (all unknown) after a new order. */
function placesIn(selection: RowSelection, rows: ShownRows): Record<string, number> {
  return selection.order === undefined || selection.order === rows.order ? selection.at : {};
}

/**
 * `ids` (once each) with their places: where `rows` shows them, else where they were; ids of unknown
 * place go last, in the order given.
 */
function placed(ids: readonly string[], at: Record<string, number>, rows: ShownRows, anchor?: string): RowSelection {
  const places: Record<string, number> = {};
  const unique = [...new Set(ids)];
  for (const id of unique) places[id] = at[id] ?? Number.MAX_SAFE_INTEGER;
  rows.ids.forEach((id, k) => id in places && (places[id] = rows.offset + k));
  const order = new Map(unique.map((id, k) => [id, k]));
  unique.sort((a, b) => places[a]! - places[b]! || order.get(a)! - order.get(b)!);
  const selection: RowSelection = { ids: unique, at: places, order: rows.order };
  return anchor === undefined ? selection : { ...selection, anchor };
}
