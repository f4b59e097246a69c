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
type Props = { className?: string; title?: string; [attribute: `data-${string}` | `aria-${string}`]: string } & Record<string, unknown>;

/** el('td', { className: 'num' }, 'text'): attributes are set as attributes, children as text or nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
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
