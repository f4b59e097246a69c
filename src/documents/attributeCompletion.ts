// Completion of attribute names in object documents (an object, a new object, an updatemany
// document), from the session catalog's describe: the attributes not yet in the document, writeable
// first. jsonc-parser says where a top-level key is being typed, even in half-typed text.
import * as vscode from 'vscode';
import { getLocation, parseTree } from 'jsonc-parser';
import { toSnakeCase } from '../core/attributeNames';
import type { SessionManager } from '../session/sessionManager';
import { OBJECT_SCHEME } from '../uris';

/** Where a top-level key is being typed: what completion replaces (from its opening quote, if any). */
interface TypedKey {
  start: number;
  end: number;
  quoted: boolean;
  /** The length of the key's text as typed so far, quotes included. */
  length: number;
}

const NAME_LETTER = /[A-Za-z_]/;

export function registerAttributeCompletion(sessions: SessionManager): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    { scheme: OBJECT_SCHEME },
    {
      async provideCompletionItems(document, position) {
        const text = document.getText();
        const key = typedKey(text, document.offsetAt(position));
        if (!key) return undefined;
        const type = document.uri.path.split('/')[1] ?? '';
        const attributes = await sessions.session?.catalog.type(type);
        if (!attributes) return undefined;
        // Without the key being typed: unfinished, it would hide the key after it from the parser.
        const present = presentKeys(text.slice(0, key.start) + text.slice(key.start + key.length));
        const writeable = new Set(attributes.writeableAttributes.map(toSnakeCase));
        const range = new vscode.Range(document.positionAt(key.start), document.positionAt(key.end));
        return attributes.readableAttributes
          .map(toSnakeCase)
          .filter((name) => !present.has(name) && name !== 'id')
          .map((name) => {
            const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Property);
            item.insertText = new vscode.SnippetString(`"${name}": \${1:null}`);
            item.range = range;
            item.filterText = key.quoted ? `"${name}` : name;
            item.detail = writeable.has(name)
              ? vscode.l10n.t('{0} attribute', type)
              : vscode.l10n.t('{0} attribute, read-only for you', type);
            item.sortText = `${writeable.has(name) ? 0 : 1}${name}`;
            return item;
          });
      },
    },
    '"',
  );
}

/** The key being typed at `offset` in the document's object; undefined where no top-level key goes. */
function typedKey(text: string, offset: number): TypedKey | undefined {
  const location = getLocation(text, offset);
  if (!location.isAtPropertyKey || location.path.length !== 1) return undefined;
  const key = location.previousNode;
  if (!key || key.offset === offset) {
    // A name begun without its quote: the letters before the cursor.
    let start = offset;
    while (start > 0 && NAME_LETTER.test(text[start - 1]!)) start--;
    return { start, end: offset, quoted: false, length: offset - start };
  }
  const end = key.offset + key.length;
  const closed = key.length > 1 && text[end - 1] === '"';
  if (key.type !== 'property' || offset > end || (closed && offset === end)) return undefined; // after a whole key
  // Inside its quotes: replaced from the opening quote, with the closing quote when it is there.
  return { start: key.offset, end: text[offset] === '"' ? offset + 1 : offset, quoted: true, length: key.length };
}

/** The document's top-level keys, also when a comma is left over. */
function presentKeys(text: string): Set<string> {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const properties = root?.type === 'object' ? (root.children ?? []) : [];
  return new Set(properties.flatMap((p) => (p.children?.[0] ? [String(p.children[0].value)] : [])));
}
