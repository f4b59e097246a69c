// What every webview script of the extension shares: the VS Code bridge and a small DOM builder.
// Text goes in through textContent only, so a server value like <img onerror=…> stays text.

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export function vscodeApi<S>(): VsCodeApi<S> {
  return acquireVsCodeApi<S>();
}

type Child = Node | string | null | undefined | false;
type Props = { className?: string; title?: string; [attribute: `data-${string}` | `aria-${string}`]: string } & Record<
  string,
  unknown
>;

/** el('td', { className: 'num' }, 'text'): attributes are set as attributes, children as text or nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'className') node.className = String(value);
    else if (typeof value === 'function') (node as unknown as Record<string, unknown>)[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

export function button(label: string, onclick: () => void, props: Props = {}): HTMLButtonElement {
  return el('button', { type: 'button', onclick, ...props }, label);
}

/** Replaces the page's content. */
export function render(...children: Child[]): void {
  document.getElementById('app')!.replaceChildren(...children.filter((c): c is Node | string => !!c));
}

/**
 * A keydown handler for some keys only: those are handled (and their default prevented), every
 * other key (Tab!) goes on as usual.
 */
export function onKeys(keys: Record<string, (e: KeyboardEvent) => void>): (e: KeyboardEvent) => void {
  return (e) => {
    const handle = keys[e.key];
    if (!handle) return;
    e.preventDefault();
    handle(e);
  };
}

/**
 * Rows as one tab stop (the row last focused): arrow keys, Home, End, Page Up and Page Down move
 * between rows, so that Tab leaves the table instead of visiting every row.
 */
export function rowNavigation(): { onkeydown: (e: KeyboardEvent) => void; onfocus: (e: FocusEvent) => void } {
  const rowOf = (e: Event) => e.currentTarget as HTMLTableRowElement;
  const go = (from: HTMLTableRowElement, index: (rows: HTMLTableRowElement[], at: number) => number) => {
    const rows = [...(from.parentElement?.children ?? [])] as HTMLTableRowElement[];
    rows[Math.max(0, Math.min(rows.length - 1, index(rows, rows.indexOf(from))))]?.focus();
  };
  const PAGE = 10;
  return {
    onkeydown: onKeys({
      ArrowDown: (e) => go(rowOf(e), (_, at) => at + 1),
      ArrowUp: (e) => go(rowOf(e), (_, at) => at - 1),
      PageDown: (e) => go(rowOf(e), (_, at) => at + PAGE),
      PageUp: (e) => go(rowOf(e), (_, at) => at - PAGE),
      Home: (e) => go(rowOf(e), () => 0),
      End: (e) => go(rowOf(e), (rows) => rows.length - 1),
    }),
    onfocus: (e) => {
      const row = rowOf(e);
      for (const other of row.parentElement?.children ?? []) other.setAttribute('tabindex', other === row ? '0' : '-1');
    },
  };
}

/**
 * Runs a redraw and gives the focus back to the element that had it, found again by its
 * `data-focus-key` (a sorted header, a row), so a keyboard user stays where they were.
 */
export function keepingFocus(redraw: () => void): void {
  const key = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
  redraw();
  if (key) document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
}

export type SortDirection = 'ascending' | 'descending';

/**
 * A column header that sorts on a click, Enter or Space, tells screen readers its order (and the
 * eye, ▲/▼), and is found again after a redraw by `focusKey`.
 */
export function sortableHeader(
  label: string,
  direction: SortDirection | undefined,
  onSort: () => void,
  props: { focusKey: string; title: string; className?: string },
): HTMLTableCellElement {
  return el(
    'th',
    {
      className: `sortable ${props.className ?? ''}`.trim(),
      tabindex: '0',
      scope: 'col',
      title: props.title,
      'aria-sort': direction ?? 'none',
      'data-focus-key': props.focusKey,
      onclick: onSort,
      onkeydown: onKeys({ Enter: onSort, ' ': onSort }),
    },
    label,
    direction ? (direction === 'ascending' ? ' ▲' : ' ▼') : '',
  );
}
