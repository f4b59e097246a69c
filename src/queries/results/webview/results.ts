// The results view of a filter (../resultsPanel.ts): a table of one page of objects.
// Headers sort (the server orders: the whole result, not just this page); rows open their object.
// Words and numbers follow VS Code's display language (../../webview/l10n.ts); ids stay digits.
import * as l10n from '@vscode/l10n';
import { locale } from '../../webview/l10n';
import type { ResultPage } from '../model/resultTable';
import { pageSummary } from './pageSummary';
import type { ResultsMessage, ResultsRequest } from '../protocol';
import { button, el, keepingFocus, onKeys, render, rowNavigation, sortableHeader, vscodeApi } from '../../webview/dom';
import { idLinks } from '../../webview/idLinks';

// A number as the display language writes it (1.234,5), every decimal the server sent kept.
const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });

interface State {
  page?: ResultPage;
  error?: string;
}

const vscode = vscodeApi<State>();
let state: State = vscode.getState() ?? {};
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
  const rows = page.rows.map((row, i) => {
    const open = () => send({ kind: 'open', id: row.id });
    const keys = onKeys({ Enter: open, ArrowRight: (e) => linkStep(e, 1), ArrowLeft: (e) => linkStep(e, -1) });
    return el(
      'tr',
      {
        className: 'clickable',
        tabindex: i === 0 ? '0' : '-1',
        'data-id': row.id,
        title: l10n.t('Open {0} {1}', page.type, row.id),
        onclick: open,
        'data-focus-key': `r:${row.id}`,
        onkeydown: (e: KeyboardEvent) => {
          keys(e);
          navigation.onkeydown(e);
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
            el('table', { 'data-testid': 'results' }, el('thead', {}, head), el('tbody', {}, ...rows)),
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
    state = m.kind === 'page' ? { page: m.page } : { ...state, error: m.message };
    vscode.setState(state);
  }
  show();
});
show();
send({ kind: 'ready' });
