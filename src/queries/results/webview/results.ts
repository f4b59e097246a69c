// The results view of a filter (../resultsPanel.ts): a table of one page of objects.
// Headers sort (the server orders: the whole result, not just this page); rows are selected (a
// click, Ctrl/Cmd+click, Shift+click, Ctrl/Cmd+A, Space, Shift+arrows) and exported, and open
// their object on a double-click or Enter. Words and numbers follow VS Code's display language
// (../../webview/l10n.ts); ids stay digits: they arrive as text and are never parsed.
import * as l10n from '@vscode/l10n';
import { locale } from '../../webview/l10n';
import type { ResultPage } from '../model/resultTable';
import {
  clickRow,
  NO_ROWS,
  seenOn,
  selectedElsewhere,
  selectShown,
  type RowSelection,
  type ShownRows,
} from '../model/rowSelection';
import { pageSummary } from './pageSummary';
import type { ResultsMessage, ResultsRequest } from '../protocol';
import {
  button,
  el,
  keepingFocus,
  onKeys,
  render,
  rowNavigation,
  sortableHeader,
  vscodeApi,
} from '../../../webview/dom';
import { idLinks } from '../../webview/idLinks';

// A number as the display language writes it (1.234,5), every decimal the server sent kept.
const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });

interface State {
  page?: ResultPage;
  error?: string;
  selection?: RowSelection;
}

const vscode = vscodeApi<State>();
let state: State = vscode.getState() ?? {};
let selection: RowSelection = { ...NO_ROWS, ...state.selection };
let busy = false;
const send = (request: ResultsRequest) => vscode.postMessage(request);
/** Ids in link columns: a click opens the object, resting on one asks what it is (its tooltip). */
const links = idLinks({
  open: (attribute, value) => send({ kind: 'link', attribute, value, open: true }),
  describe: (attribute, value) => send({ kind: 'link', attribute, value, open: false }),
});

/** An id that points at an object (ArrowRight from its row reaches it: linkStep). */
function linkCell(attribute: string, value: string): HTMLElement {
  return el('td', {}, links.anchor(attribute, value, value, { tabindex: '-1' }));
}

const NAVIGATION_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End']);
/** A page's rows as the selection sees them: ids, place and order. */
const rowsOf = (page: ResultPage): ShownRows => ({
  ids: page.rows.map((r) => r.id),
  offset: page.offset,
  order: page.order ? `${page.order.attribute} ${page.order.direction}` : '',
});
const shownRows = (): ShownRows => (state.page ? rowsOf(state.page) : { ids: [], offset: 0, order: '' });

/** Makes `next` the selection: kept in the view's state, told to the extension, painted. */
function select(next: RowSelection): void {
  selection = next;
  state = { ...state, selection };
  vscode.setState(state);
  send({ kind: 'select', ids: selection.ids });
  paintSelection();
}

/** The selection on screen, in place (no redraw: a double-click's second click must meet the same row). */
function paintSelection(): void {
  const chosen = new Set(selection.ids);
  for (const row of document.querySelectorAll<HTMLElement>('tbody tr[data-id]'))
    row.setAttribute('aria-selected', String(chosen.has(row.dataset.id!)));
  document.getElementById('selection')?.replaceChildren(...selectionBar());
}

/** "3 selected", Export Selected Rows… and Clear Selection; how to select while no row is. */
function selectionBar(): HTMLElement[] {
  const count = selection.ids.length;
  const modifier = /^Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';
  if (!count)
    return [
      el(
        'span',
        { className: 'hint' },
        l10n.t('A click selects a row; {0}+click, Shift+click or {0}+A select more.', modifier),
      ),
    ];
  const n = (x: number) => x.toLocaleString(locale);
  const elsewhere = selectedElsewhere(selection, shownRows());
  return [
    el(
      'span',
      { className: 'selected-count', 'data-testid': 'selected-count' },
      elsewhere
        ? l10n.t('{0} selected ({1} on other pages)', n(count), n(elsewhere))
        : l10n.t('{0} selected', n(count)),
    ),
    button(l10n.t('Export Selected Rows…'), () => send({ kind: 'exportSelected', ids: selection.ids }), {
      className: 'primary',
    }),
    button(l10n.t('Clear Selection'), () => select(NO_ROWS), { title: l10n.t('Clear Selection (Escape)') }),
  ];
}

/** ArrowRight / ArrowLeft in a row move through its links (and back to the row). */
function linkStep(e: KeyboardEvent, step: number): void {
  const row = e.currentTarget as HTMLElement;
  const links = [...row.querySelectorAll<HTMLElement>('a.link')];
  const next = links.indexOf(document.activeElement as HTMLElement) + step;
  if (next < 0) row.focus();
  else links[Math.min(next, links.length - 1)]?.focus();
}

function show(): void {
  const { page, error } = state;
  if (!page) {
    render(
      error
        ? el('div', { className: 'error', role: 'alert' }, error)
        : el('p', { className: 'busy' }, l10n.t('Running the filter…')),
    );
    return;
  }
  const lastOffset = Math.max(0, Math.floor((page.filtered - 1) / page.pageSize) * page.pageSize);
  const header = el(
    'header',
    {},
    el('h1', {}, page.type),
    el('span', { className: 'summary', 'data-testid': 'summary' }, pageSummary(page, locale)),
    busy ? el('span', { className: 'busy' }, l10n.t('Loading…')) : null,
    el('span', { className: 'spacer' }),
    button(l10n.t('First'), () => send({ kind: 'page', offset: 0 }), {
      disabled: busy || page.offset === 0,
      title: l10n.t('First page'),
    }),
    button(l10n.t('Previous'), () => send({ kind: 'page', offset: page.offset - page.pageSize }), {
      disabled: busy || page.offset === 0,
    }),
    button(l10n.t('Next'), () => send({ kind: 'page', offset: page.offset + page.pageSize }), {
      disabled: busy || page.offset + page.limited >= page.filtered,
    }),
    button(l10n.t('Last'), () => send({ kind: 'page', offset: lastOffset }), {
      disabled: busy || page.offset >= lastOffset,
      title: l10n.t('Last page'),
    }),
    button(l10n.t('Refresh'), () => send({ kind: 'refresh' }), { disabled: busy }),
    button(l10n.t('Open as JSON'), () => send({ kind: 'json' })),
    // A line of its own, always there: selecting a row must not move the table under the mouse.
    el('div', { id: 'selection', className: 'selection' }, ...selectionBar()),
  );
  const sortedBy = (column: string) =>
    page.order && page.order.attribute.replace(/_/g, '').toLowerCase() === column.replace(/_/g, '').toLowerCase()
      ? page.order.direction
      : undefined;
  const head = el(
    'tr',
    {},
    ...page.columns.map((column) => {
      const direction = sortedBy(column);
      return sortableHeader(
        column,
        direction && (direction === 'ASC' ? 'ascending' : 'descending'),
        () => !busy && send({ kind: 'sort', attribute: column }),
        { focusKey: `h:${column}`, title: l10n.t('Order by {0}', column) },
      );
    }),
  );
  const navigation = rowNavigation();
  const chosen = new Set(selection.ids);
  const rows = page.rows.map((row, i) => {
    const open = () => send({ kind: 'open', id: row.id });
    const click = (toggle: boolean, range: boolean) =>
      select(clickRow(selection, shownRows(), row.id, { toggle, range }));
    const keys = onKeys({
      Enter: open,
      ' ': () => click(true, false),
      ArrowRight: (e) => linkStep(e, 1),
      ArrowLeft: (e) => linkStep(e, -1),
    });
    return el(
      'tr',
      {
        className: 'clickable',
        tabindex: i === 0 ? '0' : '-1',
        'data-id': row.id,
        'aria-selected': String(chosen.has(row.id)),
        title: l10n.t('{0} {1}: a click selects, a double-click or Enter opens', page.type, row.id),
        onclick: (e: MouseEvent) => click(e.ctrlKey || e.metaKey, e.shiftKey),
        // A double-click on a link in the row opened that link already, not also the row's object.
        ondblclick: (e: MouseEvent) => !(e.target as Element).closest('a.link') && open(),
        // Shift+click selects rows, not the text between two clicks.
        onmousedown: (e: MouseEvent) => e.shiftKey && e.preventDefault(),
        'data-focus-key': `r:${row.id}`,
        onkeydown: (e: KeyboardEvent) => {
          keys(e);
          navigation.onkeydown(e);
          // Shift with a key that moved the focus extends the selection to the row it reached, from
          // the anchor, or from this row when the anchor is not on this page.
          const reached = (document.activeElement as HTMLElement | null)?.dataset.id;
          if (!e.shiftKey || !NAVIGATION_KEYS.has(e.key) || !reached) return;
          const from = selection.anchor && page.rows.some((r) => r.id === selection.anchor) ? selection.anchor : row.id;
          select(clickRow({ ...selection, anchor: from }, shownRows(), reached, { toggle: false, range: true }));
        },
        onfocus: navigation.onfocus,
        // A long value is cut off in its cell: all of it is in the tooltip.
      },
      ...row.cells.map((cell, k) => {
        // eslint-disable-next-line no-restricted-syntax -- JSON's null, the same in every language
        if (cell === null) return el('td', { className: 'null' }, 'null');
        if (page.links?.includes(page.columns[k]!)) return linkCell(page.columns[k]!, cell);
        if (row.numbers.includes(k))
          return el('td', { className: 'num', title: cell }, numberFormat.format(Number(cell)));
        return el('td', cell.length > 40 ? { title: cell } : {}, cell);
      }),
    );
  });
  keepingFocus(() =>
    render(
      header,
      error ? el('div', { className: 'error', role: 'alert' }, error) : null,
      // After a failure the table is the last page that loaded, and looks it.
      error ? el('p', { className: 'warning' }, l10n.t('Below is the last page that loaded.')) : null,
      page.rows.length
        ? el(
            'div',
            { className: `table-wrap${error ? ' stale' : ''}` },
            el(
              'table',
              { 'data-testid': 'results', role: 'grid', 'aria-multiselectable': 'true' },
              el('thead', {}, head),
              el('tbody', {}, ...rows),
            ),
          )
        : el('p', {}, l10n.t('The filter matches no objects.')),
    ),
  );
}

window.addEventListener('message', (event: MessageEvent<ResultsMessage>) => {
  const m = event.data;
  if (m.kind === 'linkInfo') return links.answered(m.attribute, m.value, m.text);
  if (m.kind === 'busy') busy = true;
  else {
    busy = false;
    if (m.kind === 'page') {
      // A new run starts with nothing selected; another page or order places the selected rows it shows.
      const before = selection.ids.join();
      selection = m.newRun ? NO_ROWS : seenOn(selection, rowsOf(m.page));
      if (m.newRun || selection.ids.join() !== before) send({ kind: 'select', ids: selection.ids });
    }
    state = m.kind === 'page' ? { page: m.page, selection } : { ...state, error: m.message };
    vscode.setState(state);
  }
  show();
});

// Ctrl/Cmd+A selects every row shown, not the page's text; Escape anywhere in the view clears. VS
// Code also answers Ctrl+A in a webview: it selects the page's text a moment later, which is undone.
let undoTextSelectAll = false;
document.addEventListener('keydown', (e) => {
  undoTextSelectAll = false;
  if (!state.page) return;
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a') {
    e.preventDefault();
    undoTextSelectAll = true;
    select(selectShown(selection, shownRows()));
  } else if (e.key === 'Escape' && selection.ids.length) select(NO_ROWS);
});
document.addEventListener('mousedown', () => (undoTextSelectAll = false));
document.addEventListener('selectionchange', () => {
  const text = document.getSelection();
  if (!undoTextSelectAll || !text || text.isCollapsed) return;
  undoTextSelectAll = false;
  text.removeAllRanges();
});
show();
send({ kind: 'ready' });
// A view shown again (its page restored from the state) tells the extension what it has selected.
if (selection.ids.length) send({ kind: 'select', ids: selection.ids });
