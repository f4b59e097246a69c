// Ids that point at objects, in the results table and the report view: a link that opens its object
// (a click, or Enter) and whose tooltip says what it is (type, label, key attributes), asked of the
// extension (src/links, one lookup, cached there too) once the pointer or focus rests on it: one
// passing over ids asks nothing, and each id is asked once per page. Ids stay digit strings.
import { el } from '../../webview/dom';

export interface LinkRequests {
  open(attribute: string, value: string): void;
  describe(attribute: string, value: string): void;
}

/** As long as a hover in an object document waits (src/links/objectLinks.ts). */
const DESCRIBE_DELAY_MS = 150;

export interface IdLinks {
  /** A link for the id `value` of `attribute`, showing `text` (the id, or its object's name). */
  anchor(attribute: string, value: string, text?: string, props?: Record<string, unknown>): HTMLAnchorElement;
  /** The extension's answer: every link to that id shows it as its tooltip. */
  answered(attribute: string, value: string, text: string): void;
}

export function idLinks(requests: LinkRequests): IdLinks {
  /** What each id was found to be; '' while asked. */
  const texts = new Map<string, string>();
  let waiting: { key: string; timer: ReturnType<typeof setTimeout> } | undefined;
  const keyOf = (attribute: string, value: string) => `${attribute}:${value}`;

  return {
    anchor(attribute, value, text = value, props = {}) {
      const key = keyOf(attribute, value);
      const rest = () => {
        if (texts.has(key) || waiting?.key === key) return;
        if (waiting) clearTimeout(waiting.timer);
        const timer = setTimeout(() => {
          waiting = undefined;
          texts.set(key, '');
          requests.describe(attribute, value);
        }, DESCRIBE_DELAY_MS);
        waiting = { key, timer };
      };
      const leave = () => {
        if (waiting?.key !== key) return;
        clearTimeout(waiting.timer);
        waiting = undefined;
      };
      const open = (e: Event) => {
        e.preventDefault();
        e.stopPropagation();
        requests.open(attribute, value);
      };
      return el(
        'a',
        {
          href: '#',
          className: 'link',
          'data-link': key,
          title: texts.get(key) || `${attribute} ${value}`,
          onclick: open,
          onkeydown: (e: KeyboardEvent) => e.key === 'Enter' && open(e),
          onmouseenter: rest,
          onfocus: rest,
          onmouseleave: leave,
          onblur: leave,
          ...props,
        },
        text,
      );
    },
    answered(attribute, value, text) {
      const key = keyOf(attribute, value);
      texts.set(key, text);
      for (const a of document.querySelectorAll<HTMLElement>(`a[data-link="${CSS.escape(key)}"]`)) a.title = text;
    },
  };
}
