// Completion of attribute names in object documents (an object, a new object, an updatemany
// document), from the session catalog's describe: the attributes not yet in the document, writeable first.
import * as vscode from 'vscode';
import { toSnakeCase } from '../core/attributeNames';
import { readDefinition } from '../core/objectEdit';
import { OBJECT_SCHEME } from '../uris';
import type { SessionManager } from '../session/sessionManager';

export function registerAttributeCompletion(sessions: SessionManager): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider({ scheme: OBJECT_SCHEME }, {
    async provideCompletionItems(document, position) {
      const before = document.lineAt(position.line).text.slice(0, position.character);
      // Only where a key starts: at the start of a line, optionally inside its opening quote.
      const key = /^\s*(")?([A-Za-z_]*)$/.exec(before);
      if (!key) return undefined;
      const type = document.uri.path.split('/')[1] ?? '';
      const attributes = await sessions.session?.catalog.type(type);
      if (!attributes) return undefined;
      const read = readDefinition(document.getText().replace(/,(\s*[}\]])/g, '$1'));
      const present = new Set('definition' in read ? Object.keys(read.definition) : []);
      const writeable = new Set(attributes.writeableAttributes.map(toSnakeCase));
      const quoted = key[1] !== undefined;
      const start = position.translate(0, -(key[2]!.length + (quoted ? 1 : 0)));
      return attributes.readableAttributes.map(toSnakeCase).filter((name) => !present.has(name) && name !== 'id').map((name) => {
        const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Property);
        item.insertText = new vscode.SnippetString(`"${name}": \${1:null}`);
        item.range = new vscode.Range(start, position.translate(0, quoted && document.lineAt(position.line).text[position.character] === '"' ? 1 : 0));
        item.filterText = quoted ? `"${name}` : name;
        item.detail = writeable.has(name) ? `${type} attribute` : `${type} attribute, read-only for you`;
        item.sortText = `${writeable.has(name) ? 0 : 1}${name}`;
        return item;
      });
    },
  }, '"');
}
