// The bulk page (../bulkPanel.ts): a preview with Run and Cancel, or a summary with Retry failed and
// Revert all. The host words every line (protocol.ts); this script only draws them, as text.
import type { BulkPageMessage, BulkPageModel, BulkPageRequest, PageSection } from '../protocol';
import { button, el, render, vscodeApi } from '../../webview/dom';

const vscode = vscodeApi<BulkPageModel>();
const post = (request: BulkPageRequest) => vscode.postMessage(request);

function draw(page: BulkPageModel): void {
  vscode.setState(page);
  render(
    el(
      'header',
      {},
      el('h1', {}, page.title),
      el('span', { className: 'summary' }, page.counts),
      el('span', { className: 'spacer' }),
      ...page.actions.map((a) =>
        button(a.label, () => post({ kind: 'action', action: a.action }), a.primary ? { className: 'primary' } : {}),
      ),
      page.status ? el('span', { className: 'busy', role: 'status' }, page.status) : null,
    ),
    ...page.notes.map((note) => el('p', { className: 'warning' }, note)),
    page.refused
      ? el(
          'section',
          {},
          el('h2', {}, page.refused.heading),
          el('ul', {}, ...page.refused.lines.map((line) => el('li', {}, line))),
        )
      : null,
    ...page.sections.map(section),
  );
}

function section(s: PageSection): HTMLElement {
  return el(
    'section',
    {},
    el('h2', {}, s.heading),
    el(
      'table',
      { className: 'bulk' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, s.columns[0]), el('th', { scope: 'col' }, s.columns[1]))),
      el(
        'tbody',
        {},
        ...s.rows.map((row) =>
          el(
            'tr',
            row.tone ? { className: row.tone } : {},
            el('th', { scope: 'row' }, row.object),
            el('td', {}, ...row.lines.flatMap((line, k) => (k ? [el('br'), line] : [line]))),
          ),
        ),
      ),
    ),
  );
}

window.addEventListener('message', (event: MessageEvent<BulkPageMessage>) => {
  if (event.data.kind === 'page') draw(event.data.page);
});
const saved = vscode.getState();
if (saved) draw(saved);
post({ kind: 'ready' });
