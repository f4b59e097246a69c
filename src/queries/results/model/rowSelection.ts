// Which rows of the results table are selected, as a list or file manager selects: a click picks
// one, Ctrl/Cmd+click toggles one, Shift+click takes the range from the anchor (the row clicked
// last), Ctrl/Cmd+A every row shown. The selection is a set of object ids (digits, never a number),
// so it stays as it is while the table pages or sorts: an id names the same object on any page.
// No DOM here: the webview (../webview/results.ts) paints it, and unit tests check it.

export interface RowSelection {
  /** Selected ids, in the order they were selected. */
  ids: string[];
  /** Where a Shift+click range starts: the row last clicked without Shift. */
  anchor?: string;
}

export const NO_ROWS: RowSelection = { ids: [] };

export interface ClickKeys {
  /** Ctrl (Cmd on macOS): add or remove one row, or add a range. */
  toggle: boolean;
  /** Shift: the range from the anchor to this row. */
  range: boolean;
}

/** The selection after a click on the row of `id` (`shown`: the ids of the rows on screen, in order). */
export function clickRow(selection: RowSelection, shown: readonly string[], id: string, keys: ClickKeys): RowSelection {
  if (keys.range) {
    const from = selection.anchor !== undefined ? shown.indexOf(selection.anchor) : -1;
    const to = shown.indexOf(id);
    // No anchor on this page: the range is the row itself, which anchors the next one.
    if (from < 0 || to < 0) return { ids: keys.toggle ? union(selection.ids, [id]) : [id], anchor: id };
    const range = shown.slice(Math.min(from, to), Math.max(from, to) + 1);
    return { ids: keys.toggle ? union(selection.ids, range) : range, anchor: selection.anchor };
  }
  if (keys.toggle) {
    const ids = selection.ids.includes(id) ? selection.ids.filter((s) => s !== id) : [...selection.ids, id];
    return { ids, anchor: id };
  }
  return { ids: [id], anchor: id };
}

/** Ctrl/Cmd+A: every row shown joins the selection (rows selected on other pages stay). */
export function selectShown(selection: RowSelection, shown: readonly string[]): RowSelection {
  return { ids: union(selection.ids, shown), anchor: selection.anchor ?? shown[0] };
}

/** The ids to export: the rows shown in the table's order, then those of other pages as selected. */
export function selectedInShownOrder(selection: RowSelection, shown: readonly string[]): string[] {
  const chosen = new Set(selection.ids);
  const onScreen = shown.filter((id) => chosen.has(id));
  const here = new Set(onScreen);
  return [...onScreen, ...selection.ids.filter((id) => !here.has(id))];
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((id) => !seen.has(id) && (seen.add(id), true))];
}
